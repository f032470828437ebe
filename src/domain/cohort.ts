// The cohort's weekly activity, as the chart and the digest read it (loaded by db/queries/cohort.ts).

export interface CohortWeekCounts {
  /** The week's first day in the guild's timezone, YYYY-MM-DD. */
  weekStart: string;
  projects: number;
  pairs: number;
  challenges: number;
  solved: number;
}

export interface CohortTag {
  tag: string;
  count: number;
}

export interface CohortChartData {
  /** Oldest first; the top tags are the last one's. */
  weeks: CohortWeekCounts[];
  /** The last week's top tags, most used first. */
  topTags: CohortTag[];
  /** Shown in the subtitle when given. */
  timezone?: string;
  /** 0 = Sunday … 6 = Saturday (as Date#getDay); shown in the subtitle when given. */
  weekStartsOn?: number;
}
