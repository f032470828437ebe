// Discord wants a first answer within 3 s: work that may take longer races a deadline.

/** The promise's value if it settles before `deadlineAt` (a performance.now() time), else 'deadline'. */
export async function beforeDeadline<T>(p: Promise<T>, deadlineAt: number): Promise<T | 'deadline'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineAt - performance.now()));
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
