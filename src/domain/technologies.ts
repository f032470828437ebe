// The dictionary of technologies and concepts a ProDev (backend + frontend) learner tags their work with:
// canonical names, synonyms and a one-line "what it is for". Shared by the README export (proper names
// instead of slugs) and by tag search (synonyms fold to one slug). Pure data + lookups; imports nothing,
// so text.ts can use it without an import cycle.

export type TechnologyKind = 'technology' | 'concept';
/** Which side of the curriculum an entry belongs to; 'general' for both. */
export type TechnologyArea = 'backend' | 'frontend' | 'general';

export interface TechnologyEntry {
  /** The one search slug every spelling folds to (the spellings normalizeTag already folds keep their slug). */
  slug: string;
  /** The proper name, as its project spells it. */
  name: string;
  /** What it is for, one sentence, ending with a period. */
  purpose: string;
  kind: TechnologyKind;
  area: TechnologyArea;
  /** Other spellings a learner types (any case, spaces, dots or hyphens). */
  synonyms: readonly string[];
  /** Concept slugs a technology stands for (a README lists "Caching" for someone who used Redis). */
  implies: readonly string[];
}

export interface Technology {
  slug: string;
  name: string;
  purpose: string;
  kind: TechnologyKind;
  area: TechnologyArea;
}

function tech(
  slug: string,
  name: string,
  area: TechnologyArea,
  purpose: string,
  synonyms: readonly string[] = [],
  implies: readonly string[] = [],
): TechnologyEntry {
  return { slug, name, purpose, kind: 'technology', area, synonyms, implies };
}

function concept(
  slug: string,
  name: string,
  area: TechnologyArea,
  purpose: string,
  synonyms: readonly string[] = [],
): TechnologyEntry {
  return { slug, name, purpose, kind: 'concept', area, synonyms, implies: [] };
}

/** In curriculum order (languages, backend, data, messaging, DevOps, APIs, testing, frontend, concepts): the README lists them in this order. */
export const TECHNOLOGIES: readonly TechnologyEntry[] = Object.freeze([
  // Languages and everyday tools
  tech(
    'python',
    'Python',
    'backend',
    'General-purpose language behind the backend curriculum, from scripts to web APIs.',
    ['py', 'python3'],
  ),
  tech('javascript', 'JavaScript', 'general', 'The language of the web, in the browser and on the server.', [
    'js',
    'ecmascript',
    'es6',
    'vanilla-js',
  ]),
  tech(
    'typescript',
    'TypeScript',
    'general',
    'JavaScript with static types that catch mistakes before the code runs.',
    ['ts'],
  ),
  tech('sql', 'SQL', 'backend', 'The language for querying and changing data in relational databases.', [
    'structured-query-language',
  ]),
  tech('bash', 'Bash', 'general', 'Shell scripting to automate everyday tasks on Linux.', [
    'shell',
    'shell-scripting',
    'sh',
  ]),
  tech('linux', 'Linux', 'general', 'The operating system most servers run, driven from the command line.', ['ubuntu']),
  tech(
    'git',
    'Git',
    'general',
    'Version control that records every change in commits and branches.',
    [],
    ['version-control'],
  ),
  tech('github', 'GitHub', 'general', 'Hosting for Git repositories, pull requests and code review.'),
  tech('html', 'HTML', 'frontend', 'Markup that gives web pages their structure and meaning.', ['html5']),
  tech('css', 'CSS', 'frontend', 'Styling and layout of web pages.', ['css3']),

  // Backend frameworks and libraries
  tech('django', 'Django', 'backend', 'Web framework for rapid backend development.', ['django-framework']),
  tech(
    'django-rest-framework',
    'Django REST Framework',
    'backend',
    'Toolkit for building RESTful APIs on top of Django.',
    ['drf', 'django-rest', 'djangorestframework', 'django-rest-framework'],
    ['rest'],
  ),
  tech(
    'django-channels',
    'Django Channels',
    'backend',
    'WebSockets and other long-lived connections in Django.',
    [],
    ['real-time'],
  ),
  tech('flask', 'Flask', 'backend', 'Lightweight Python framework for small web services and APIs.'),
  tech(
    'fastapi',
    'FastAPI',
    'backend',
    'Modern async Python framework for typed, self-documenting APIs.',
    ['fast-api'],
    ['rest'],
  ),
  tech('node', 'Node.js', 'backend', 'JavaScript runtime for building servers, APIs and tooling.', [
    'nodejs',
    'node.js',
    'node-js',
  ]),
  tech('express', 'Express', 'backend', 'Minimal Node.js web framework for routing and middleware.', [
    'expressjs',
    'express.js',
  ]),
  tech('nestjs', 'NestJS', 'backend', 'Structured, TypeScript-first Node.js framework for server applications.', [
    'nest',
    'nest.js',
  ]),
  tech('sqlalchemy', 'SQLAlchemy', 'backend', 'Python SQL toolkit and ORM.', [], ['orm']),
  tech('prisma', 'Prisma', 'backend', 'Type-safe ORM for Node.js and TypeScript.', [], ['orm']),
  tech('mongoose', 'Mongoose', 'backend', 'Schemas and models for MongoDB in Node.js.', [], ['orm']),
  tech('graphene', 'Graphene', 'backend', 'Library for building GraphQL APIs in Python and Django.', [
    'graphene-django',
  ]),
  tech('gunicorn', 'Gunicorn', 'backend', 'Production WSGI server that runs Python web apps.'),

  // Data stores
  tech(
    'postgres',
    'PostgreSQL',
    'backend',
    'Open-source relational database known for reliability and rich SQL.',
    ['postgresql', 'pg', 'psql', 'postgre', 'postgress'],
    ['database-design'],
  ),
  tech('mysql', 'MySQL', 'backend', 'Widely used open-source relational database.', [], ['database-design']),
  tech(
    'sqlite',
    'SQLite',
    'backend',
    'Lightweight file-based database, handy for development and tests.',
    ['sqlite3'],
    ['database-design'],
  ),
  tech(
    'mongodb',
    'MongoDB',
    'backend',
    'Document database that stores flexible, JSON-like records.',
    ['mongo'],
    ['database-design'],
  ),
  tech(
    'redis',
    'Redis',
    'backend',
    'In-memory data store used for caching, sessions and message brokering.',
    [],
    ['caching'],
  ),
  tech('elasticsearch', 'Elasticsearch', 'backend', 'Search engine for fast full-text search and analytics.', [
    'elastic-search',
    'elastic',
  ]),
  tech('firebase', 'Firebase', 'general', "Google's backend-as-a-service for authentication, databases and hosting."),
  tech('supabase', 'Supabase', 'general', 'Open-source backend-as-a-service built on PostgreSQL.'),

  // Messaging and background work
  tech(
    'celery',
    'Celery',
    'backend',
    'Distributed task queue that runs background jobs outside the request cycle.',
    [],
    ['background-jobs'],
  ),
  tech(
    'celery-beat',
    'Celery Beat',
    'backend',
    'Scheduler that triggers periodic Celery tasks.',
    ['celerybeat'],
    ['background-jobs'],
  ),
  tech(
    'rabbitmq',
    'RabbitMQ',
    'backend',
    'Message broker that queues tasks between services and workers.',
    ['rabbit', 'amqp', 'rabbit-mq'],
    ['message-queues'],
  ),
  tech(
    'kafka',
    'Apache Kafka',
    'backend',
    'Distributed event-streaming platform for high-throughput messaging.',
    ['apache-kafka'],
    ['message-queues'],
  ),

  // DevOps and hosting
  tech(
    'docker',
    'Docker',
    'general',
    'Packages an app with everything it needs into containers that run the same everywhere.',
    ['dockerfile'],
    ['containerization'],
  ),
  tech(
    'docker-compose',
    'Docker Compose',
    'general',
    'Defines and runs multi-container apps from one YAML file.',
    ['compose', 'docker-compose.yml'],
    ['containerization'],
  ),
  tech(
    'kubernetes',
    'Kubernetes',
    'backend',
    'Orchestrates containers, handling deployment, scaling and self-healing.',
    ['k8s', 'kube'],
    ['containerization'],
  ),
  tech(
    'github-actions',
    'GitHub Actions',
    'general',
    'CI/CD workflows that test and deploy code on every push.',
    ['gh-actions', 'github-action', 'gha'],
    ['ci-cd'],
  ),
  tech('jenkins', 'Jenkins', 'backend', 'Automation server for CI/CD pipelines.', [], ['ci-cd']),
  tech('nginx', 'Nginx', 'backend', 'Web server and reverse proxy in front of application servers.', []),
  tech(
    'aws',
    'AWS',
    'general',
    "Amazon's cloud platform for servers, storage and managed services.",
    ['amazon-web-services'],
    ['deployment'],
  ),
  tech('heroku', 'Heroku', 'general', 'Platform for deploying web apps without managing servers.', [], ['deployment']),
  tech('render', 'Render', 'general', 'Cloud platform for deploying web services and databases.', [], ['deployment']),
  tech('vercel', 'Vercel', 'frontend', 'Hosting platform for frontend and Next.js apps.', [], ['deployment']),
  tech(
    'netlify',
    'Netlify',
    'frontend',
    'Hosting and continuous deployment for static sites and frontends.',
    [],
    ['deployment'],
  ),

  // APIs, auth and integrations
  tech('graphql', 'GraphQL', 'general', 'Query language that lets clients ask for exactly the data they need.', [
    'gql',
    'graph-ql',
  ]),
  tech('apollo', 'Apollo', 'general', 'GraphQL client and server tooling.', [
    'apollo-client',
    'apollo-server',
    'apollo-graphql',
  ]),
  tech(
    'jwt',
    'JWT',
    'general',
    'Signed tokens for stateless authentication between a client and an API.',
    ['json-web-token', 'json-web-tokens', 'jwt-auth', 'jwt-authentication', 'simplejwt', 'simple-jwt'],
    ['authentication'],
  ),
  tech(
    'oauth',
    'OAuth 2.0',
    'general',
    'Delegated sign-in and authorization ("Sign in with Google").',
    ['oauth2', 'oauth-2', 'oauth-2.0', 'oauth2.0'],
    ['authentication'],
  ),
  tech(
    'swagger',
    'Swagger / OpenAPI',
    'backend',
    'Describes an API so its documentation and clients can be generated.',
    ['openapi', 'open-api', 'swagger-ui', 'openapi-spec'],
    ['api-documentation'],
  ),
  tech('postman', 'Postman', 'general', 'Tool for exploring and testing APIs by hand.'),
  tech(
    'websockets',
    'WebSockets',
    'general',
    'Two-way, real-time connection between the browser and the server.',
    ['websocket', 'web-sockets', 'ws'],
    ['real-time'],
  ),
  tech(
    'socket.io',
    'Socket.IO',
    'general',
    'Real-time event library for Node.js and the browser.',
    ['socketio', 'socket-io'],
    ['real-time'],
  ),
  tech(
    'chapa',
    'Chapa',
    'backend',
    'Payment gateway for accepting payments in Ethiopia and beyond.',
    ['chapa-api'],
    ['payments'],
  ),
  tech('stripe', 'Stripe', 'general', 'Online payments API for cards, wallets and subscriptions.', [], ['payments']),

  // Testing
  tech(
    'pytest',
    'pytest',
    'backend',
    'Python testing framework with fixtures and plain asserts.',
    ['py.test'],
    ['testing'],
  ),
  tech(
    'unittest',
    'unittest',
    'backend',
    "Python's built-in unit-testing framework.",
    ['python-unittest'],
    ['testing'],
  ),
  tech('jest', 'Jest', 'general', 'JavaScript testing framework for unit and snapshot tests.', ['jestjs'], ['testing']),
  tech('vitest', 'Vitest', 'general', 'Fast, Vite-native unit-testing framework.', [], ['testing']),
  tech(
    'react-testing-library',
    'React Testing Library',
    'frontend',
    'Tests React components the way users interact with them.',
    ['rtl', 'testing-library', 'testing-library-react'],
    ['testing'],
  ),
  tech('cypress', 'Cypress', 'frontend', 'End-to-end testing in a real browser.', [], ['testing']),
  tech(
    'playwright',
    'Playwright',
    'frontend',
    'End-to-end browser testing across Chromium, Firefox and WebKit.',
    [],
    ['testing'],
  ),

  // Frontend
  tech('react', 'React', 'frontend', 'Library for building user interfaces from reusable components.', [
    'reactjs',
    'react.js',
    'react-js',
  ]),
  tech(
    'nextjs',
    'Next.js',
    'frontend',
    'React framework with file-based routing, server rendering and static generation.',
    ['next', 'next.js', 'next-js'],
  ),
  tech('vue', 'Vue.js', 'frontend', 'Progressive framework for building web interfaces.', [
    'vuejs',
    'vue.js',
    'vue-js',
    'vue3',
  ]),
  tech('angular', 'Angular', 'frontend', 'TypeScript framework for large single-page applications.', ['angular2']),
  tech(
    'react-native',
    'React Native',
    'frontend',
    'Builds native iOS and Android apps with React.',
    ['reactnative'],
    ['mobile-development'],
  ),
  tech(
    'expo',
    'Expo',
    'frontend',
    'Toolchain that makes React Native apps easier to build, test and ship.',
    ['expo-go', 'expo-router'],
    ['mobile-development'],
  ),
  tech('react-router', 'React Router', 'frontend', 'Client-side routing for React apps.', ['react-router-dom']),
  tech(
    'redux',
    'Redux',
    'frontend',
    'Predictable state container for JavaScript apps.',
    ['react-redux'],
    ['state-management'],
  ),
  tech(
    'redux-toolkit',
    'Redux Toolkit',
    'frontend',
    'The official, batteries-included way to write Redux.',
    ['rtk', 'reduxjs-toolkit'],
    ['state-management'],
  ),
  tech('zustand', 'Zustand', 'frontend', 'Small, hook-based state management for React.', [], ['state-management']),
  tech(
    'react-query',
    'TanStack Query',
    'frontend',
    'Fetches, caches and syncs server data in React.',
    ['tanstack-query', 'react-query', 'tanstack'],
    ['api-integration'],
  ),
  tech('axios', 'Axios', 'general', 'Promise-based HTTP client for calling APIs.', [], ['api-integration']),
  tech('tailwindcss', 'Tailwind CSS', 'frontend', 'Utility-first CSS framework for fast, consistent styling.', [
    'tailwind',
    'tailwind-css',
  ]),
  tech('bootstrap', 'Bootstrap', 'frontend', 'CSS framework with ready-made responsive components.'),
  tech('sass', 'Sass', 'frontend', 'CSS with variables, nesting and mixins.', ['scss']),
  tech('styled-components', 'styled-components', 'frontend', 'CSS-in-JS styling scoped to React components.', [
    'styledcomponents',
  ]),
  tech('material-ui', 'Material UI', 'frontend', 'React component library implementing Material Design.', [
    'mui',
    'materialui',
  ]),
  tech('framer-motion', 'Framer Motion', 'frontend', 'Animation library for React.', ['framer']),
  tech('vite', 'Vite', 'frontend', 'Fast development server and build tool for modern frontends.', ['vitejs']),
  tech('webpack', 'webpack', 'frontend', 'Bundles JavaScript modules and assets for the browser.'),
  tech('figma', 'Figma', 'frontend', 'Collaborative interface design and prototyping tool.', [], ['ui-ux']),

  // Concepts: backend
  concept(
    'database-design',
    'Database Design',
    'backend',
    'Schema design, normalization, indexing, and relationships.',
    [
      'database-modeling',
      'database-modelling',
      'data-modeling',
      'data-modelling',
      'schema-design',
      'db-design',
      'erd',
      'normalization',
      'normalisation',
    ],
  ),
  concept('databases', 'Databases', 'backend', 'Storing and querying data reliably, relational and NoSQL.', [
    'database',
    'db',
    'dbs',
    'nosql',
  ]),
  concept('indexing', 'Database Indexing', 'backend', 'Indexes that keep lookups fast as tables grow.', [
    'indexes',
    'indices',
    'db-indexing',
    'database-indexing',
  ]),
  concept(
    'query-optimization',
    'Query Optimization',
    'backend',
    'Reading query plans and removing N+1 queries so endpoints stay fast.',
    ['query-optimisation', 'n+1', 'n+1-queries', 'n-plus-one', 'query-performance', 'slow-queries'],
  ),
  concept(
    'migrations',
    'Database Migrations',
    'backend',
    'Versioned schema changes applied safely on every environment.',
    ['migration', 'schema-migrations', 'db-migrations'],
  ),
  concept('orm', 'ORM', 'backend', 'Working with database rows as objects instead of hand-written SQL.', [
    'object-relational-mapping',
    'django-orm',
  ]),
  concept('caching', 'Caching', 'backend', 'Keeping hot data in fast storage to cut latency and database load.', [
    'cache',
    'cache-invalidation',
    'redis-caching',
  ]),
  concept(
    'api-development',
    'API Development',
    'backend',
    'Designing and building the endpoints that web and mobile clients talk to.',
    ['api', 'apis', 'api-design', 'endpoints', 'web-api', 'web-apis'],
  ),
  concept('rest', 'RESTful APIs', 'backend', 'Resource-based endpoints with the right HTTP methods and status codes.', [
    'rest-api',
    'rest-apis',
    'restful',
    'restful-api',
    'restful-apis',
  ]),
  concept('api-versioning', 'API Versioning', 'backend', 'Evolving an API without breaking the clients that use it.', [
    'versioning',
  ]),
  concept('pagination', 'Pagination', 'backend', 'Serving large result sets one page at a time.', [
    'paging',
    'paginate',
  ]),
  concept(
    'rate-limiting',
    'Rate Limiting',
    'backend',
    'Capping how often a client may call an API, to protect it from abuse.',
    ['throttling', 'rate-limit', 'rate-limits'],
  ),
  concept(
    'api-documentation',
    'API Documentation',
    'backend',
    'Keeping endpoints described and discoverable for the people who use them.',
    ['api-docs'],
  ),
  concept(
    'authentication',
    'Authentication',
    'general',
    'Verifying who a user is with sessions, tokens and password hashing.',
    ['auth', 'authn', 'login', 'user-authentication'],
  ),
  concept(
    'authorization',
    'Authorization & Permissions',
    'general',
    'Deciding what an authenticated user may do, through roles and permissions.',
    ['authz', 'authorisation', 'permissions', 'rbac', 'access-control'],
  ),
  concept(
    'background-jobs',
    'Asynchronous Tasks',
    'backend',
    'Moving slow work such as emails and reports to background workers.',
    [
      'background-tasks',
      'background-task',
      'background-job',
      'async-tasks',
      'asynchronous-tasks',
      'task-queue',
      'task-queues',
      'scheduled-tasks',
      'cron',
      'cron-jobs',
    ],
  ),
  concept('message-queues', 'Message Queues', 'backend', 'Decoupling services by passing messages through a broker.', [
    'message-queue',
    'message-broker',
    'message-brokers',
    'queues',
    'queue',
    'mq',
  ]),
  concept(
    'async-programming',
    'Asynchronous Programming',
    'general',
    'Concurrency with async/await, promises and event loops.',
    ['async', 'async-await', 'asynchronous', 'asyncio', 'promises'],
  ),
  concept(
    'real-time',
    'Real-Time Communication',
    'general',
    'Pushing updates to clients instantly over persistent connections.',
    ['realtime', 'real-time-communication'],
  ),
  concept('webhooks', 'Webhooks', 'backend', 'HTTP callbacks that tell other systems when something happens.', [
    'webhook',
  ]),
  concept(
    'payments',
    'Payment Integration',
    'general',
    'Accepting payments through a third-party gateway and verifying its callbacks.',
    ['payment', 'payment-integration', 'payment-gateway', 'payments-integration'],
  ),
  concept(
    'microservices',
    'Microservices',
    'backend',
    'Splitting a system into small services that deploy and scale independently.',
    ['microservice', 'micro-services', 'microservices-architecture'],
  ),
  concept(
    'event-driven',
    'Event-Driven Architecture',
    'backend',
    'Services reacting to events instead of calling each other directly.',
    ['event-driven-architecture', 'eda'],
  ),
  concept(
    'system-design',
    'System Design',
    'general',
    'Planning how components, data and traffic fit together at scale.',
    ['systems-design', 'system-architecture', 'software-architecture', 'architecture'],
  ),
  concept('scalability', 'Scalability', 'general', 'Serving more users and data without slowing down.', [
    'scaling',
    'scalable',
  ]),
  concept(
    'containerization',
    'Containerization',
    'general',
    'Packaging apps into portable containers that run the same everywhere.',
    ['containerisation', 'containers', 'container'],
  ),
  concept('ci-cd', 'CI/CD', 'general', 'Testing and deploying every change automatically.', [
    'ci',
    'cd',
    'cicd',
    'ci/cd',
    'continuous-integration',
    'continuous-deployment',
    'continuous-delivery',
    'pipeline',
    'pipelines',
  ]),
  concept('deployment', 'Deployment', 'general', 'Shipping an app to servers so real users can reach it.', [
    'deploy',
    'deploying',
    'deployments',
    'hosting',
  ]),
  concept(
    'security',
    'Security',
    'general',
    'Protecting apps and data with validated input, safe secrets and OWASP practices.',
    ['web-security', 'app-security', 'application-security', 'owasp'],
  ),
  concept('cors', 'CORS', 'general', 'Browser rules that decide which websites may call an API.', [
    'cross-origin-resource-sharing',
  ]),
  concept('testing', 'Testing', 'general', 'Unit and integration tests that catch regressions before users do.', [
    'tests',
    'test',
    'unit-testing',
    'unit-tests',
    'integration-testing',
    'integration-tests',
    'automated-testing',
    'e2e',
    'end-to-end-testing',
  ]),
  concept(
    'tdd',
    'Test-Driven Development',
    'general',
    'Writing the failing test first, then the code that passes it.',
    ['test-driven-development'],
  ),
  concept(
    'logging',
    'Logging & Monitoring',
    'general',
    'Seeing what production is doing through logs, metrics and alerts.',
    ['monitoring', 'observability', 'logs', 'metrics'],
  ),
  concept(
    'error-handling',
    'Error Handling',
    'general',
    'Failing gracefully, with clear messages and the right status codes.',
    ['errors', 'exception-handling', 'exceptions'],
  ),
  concept(
    'performance',
    'Performance Optimization',
    'general',
    'Measuring and removing bottlenecks so apps stay fast.',
    ['performance-optimization', 'performance-optimisation', 'optimization', 'optimisation', 'perf', 'web-performance'],
  ),
  concept('debugging', 'Debugging', 'general', 'Tracking a bug down methodically, from symptom to cause.', ['debug']),
  concept(
    'version-control',
    'Version Control',
    'general',
    'Tracking changes and collaborating through branches and pull requests.',
    ['vcs', 'source-control', 'git-workflow'],
  ),
  concept(
    'oop',
    'Object-Oriented Programming',
    'general',
    'Modelling programs as objects that bundle state and behaviour.',
    ['object-oriented-programming', 'object-oriented'],
  ),
  concept(
    'clean-code',
    'Clean Code',
    'general',
    'Readable, well-named and well-structured code that others can change.',
    ['code-quality', 'readable-code'],
  ),
  concept(
    'collaboration',
    'Collaboration',
    'general',
    'Working with other developers through code review, pairing and shared conventions.',
    ['teamwork', 'pair-programming', 'code-review'],
  ),

  // Concepts: frontend
  concept(
    'responsive-design',
    'Responsive Design',
    'frontend',
    'Layouts that adapt to every screen, from phone to desktop.',
    ['responsive', 'responsiveness', 'mobile-first', 'responsive-web-design'],
  ),
  concept(
    'accessibility',
    'Accessibility',
    'frontend',
    'Interfaces everyone can use, including with screen readers and keyboards.',
    ['a11y', 'wcag', 'aria'],
  ),
  concept('state-management', 'State Management', 'frontend', 'Keeping UI data consistent across components.', [
    'state',
    'global-state',
    'context-api',
  ]),
  concept(
    'components',
    'Component-Based Architecture',
    'frontend',
    'Building interfaces from small, reusable components.',
    ['component', 'reusable-components', 'component-architecture', 'component-design'],
  ),
  concept('react-hooks', 'React Hooks', 'frontend', 'State and side effects in function components.', [
    'hooks',
    'custom-hooks',
  ]),
  concept(
    'api-integration',
    'API Integration',
    'frontend',
    'Connecting the interface to backend APIs, with loading and error states.',
    ['data-fetching', 'fetch', 'fetch-api', 'api-consumption', 'consuming-apis'],
  ),
  concept('routing', 'Routing', 'general', 'Mapping URLs to pages and views.', ['router', 'client-side-routing']),
  concept(
    'ssr',
    'Server-Side Rendering',
    'frontend',
    'Rendering pages on the server for faster first loads and better SEO.',
    ['server-side-rendering', 'server-rendering'],
  ),
  concept(
    'forms',
    'Form Handling & Validation',
    'general',
    'Collecting user input and validating it before it is used.',
    ['form', 'form-validation', 'validation', 'input-validation', 'form-handling'],
  ),
  concept('ui-ux', 'UI/UX Design', 'frontend', 'Designing interfaces that are clear and pleasant to use.', [
    'ui',
    'ux',
    'ui/ux',
    'ui-design',
    'ux-design',
    'user-interface',
    'user-experience',
  ]),
  concept('pwa', 'Progressive Web Apps', 'frontend', 'Web apps that install and work offline like native ones.', [
    'progressive-web-app',
    'progressive-web-apps',
    'service-workers',
  ]),
  concept('seo', 'SEO', 'frontend', 'Making pages discoverable and well ranked by search engines.', [
    'search-engine-optimization',
    'search-engine-optimisation',
  ]),
  concept('mobile-development', 'Mobile Development', 'frontend', 'Building apps for iOS and Android.', [
    'mobile',
    'mobile-app',
    'mobile-apps',
    'mobile-dev',
  ]),
]);

// ---------------------------------------------------------------------------------------------
// Lookups

/** The tag as normalizeTag stores it: trimmed, lowercase, no leading '#', inner whitespace as '-'. */
function tagForm(raw: string): string {
  return (
    raw
      // eslint-disable-next-line no-control-regex -- control characters never belong in a tag
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase()
      .replace(/^#/, '')
      .replace(/\s+/g, '-')
  );
}

/** Spelling-insensitive key: "Node.js", "node-js", "NodeJS" and "node js" → "nodejs"; "CI/CD" → "cicd". */
function looseKey(tag: string): string {
  return tagForm(tag).replace(/[\s._\-/]+/g, '');
}

const BY_KEY: ReadonlyMap<string, TechnologyEntry> = (() => {
  const m = new Map<string, TechnologyEntry>();
  for (const e of TECHNOLOGIES) {
    for (const s of [e.slug, e.name, ...e.synonyms]) {
      const k = looseKey(s);
      if (k && !m.has(k)) m.set(k, e);
    }
  }
  return m;
})();

const BY_SLUG: ReadonlyMap<string, TechnologyEntry> = new Map(TECHNOLOGIES.map((e) => [e.slug, e]));

function entryOf(tag: string): TechnologyEntry | undefined {
  const k = looseKey(tag);
  return k ? BY_KEY.get(k) : undefined;
}

/**
 * The one search slug for a tag: every known spelling folds to its entry's slug ("PostgreSQL", "pg" →
 * "postgres"); an unknown tag keeps its own spelling in the stored form (lowercase, spaces as '-').
 * Idempotent, and compatible with normalizeTag: canonicalTag(normalizeTag(x)) === canonicalTag(x).
 */
export function canonicalTag(tag: string): string {
  const e = entryOf(tag);
  return e ? e.slug : tagForm(tag);
}

/** How a stack tag reads on a card: a known technology's proper name ("PostgreSQL"), else the tag as stored. */
export function stackName(tag: string): string {
  const t = technologyOf(tag);
  return t?.kind === 'technology' ? t.name : tag;
}

/** The proper name, purpose and kind of a tag, or undefined for a tag the dictionary does not know. */
export function technologyOf(tag: string): Technology | undefined {
  const e = entryOf(tag);
  return e ? { slug: e.slug, name: e.name, purpose: e.purpose, kind: e.kind, area: e.area } : undefined;
}

/** Concept slugs a tag stands for (the concept itself for a concept tag; e.g. caching for redis). */
export function conceptsOf(tag: string): string[] {
  const e = entryOf(tag);
  if (!e) return [];
  return e.kind === 'concept' ? [e.slug] : e.implies.filter((s) => BY_SLUG.has(s));
}

/** The entry with exactly this slug. */
export function technologyBySlug(slug: string): Technology | undefined {
  const e = BY_SLUG.get(slug);
  return e ? { slug: e.slug, name: e.name, purpose: e.purpose, kind: e.kind, area: e.area } : undefined;
}

/** Every spelling that folds to the tag's slug, in stored tag form (slug first): for search expansion. */
export function synonymsOf(tag: string): string[] {
  const e = entryOf(tag);
  if (!e) {
    const t = tagForm(tag);
    return t ? [t] : [];
  }
  const out: string[] = [];
  for (const s of [e.slug, e.name, ...e.synonyms]) {
    const t = tagForm(s);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Slug → every spelling that folds to it (stored tag form): the synonym lists, for search. */
export const SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(
  TECHNOLOGIES.map((e) => [e.slug, synonymsOf(e.slug)]),
);

/** Position in the dictionary (curriculum order), for listing; unknown tags sort after every entry. */
export function dictionaryOrder(slug: string): number {
  const e = BY_SLUG.get(slug);
  return e ? TECHNOLOGIES.indexOf(e) : TECHNOLOGIES.length;
}
