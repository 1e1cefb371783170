/**
 * The direction of every dependency in the repository, checked by `npm run lint` (docs/contributing.md,
 * "Layout"). A rule broken here is a design change: move the code, or change the rule in the same commit and
 * say why.
 */
const server = (path) => `^server/src/${path}`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No cycles in any workspace: each module can be read (and tested) without its dependants.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-stands-alone',
      severity: 'error',
      comment: 'The API contract is shared by every workspace; it depends on none of them.',
      from: { path: '^contract/src' },
      to: { path: '^(server|front|stripe-emulator|e2e|bench)/' },
    },
    {
      name: 'front-never-imports-server',
      severity: 'error',
      comment: 'The browser code talks to the server through HTTP and the contract only.',
      from: { path: '^front/' },
      to: { path: '^(server|stripe-emulator|bench|e2e)/' },
    },
    {
      name: 'emulator-stands-alone',
      severity: 'error',
      comment: 'The emulator is a product of its own: usable from any project, it imports none of ours.',
      from: { path: '^stripe-emulator/' },
      to: { path: '^(server|front|contract|e2e|bench)/' },
    },
    {
      name: 'server-never-imports-the-emulator-in-production',
      severity: 'error',
      comment: 'The store talks to Stripe (or the emulator) over HTTP; only its tests start an emulator.',
      from: { path: '^server/src', pathNot: '\\.test\\.ts$' },
      to: { path: '^stripe-emulator/|@checkstand/stripe-emulator' },
    },
    {
      name: 'foundations-import-no-module',
      severity: 'error',
      comment:
        'common/, config/ and db/ are the ground floor: no feature module may be needed to build them.',
      from: { path: server('(common|config|db)/'), pathNot: '\\.test\\.ts$' },
      to: { path: server('modules/') },
    },
    {
      name: 'orders-is-the-aggregate',
      severity: 'error',
      comment:
        'orders/ is the order aggregate (state machine, decision, the one writer, its queries): it knows nothing ' +
        'of Stripe, of the customer or admin APIs, nor of payments.',
      from: { path: server('modules/orders/'), pathNot: '\\.test\\.ts$' },
      to: { path: server('modules/(payments|admin|health|stripe|catalog)/') },
    },
    {
      name: 'payments-below-admin',
      severity: 'error',
      comment:
        'payments/ talks to Stripe about orders; the admin and health endpoints use it, never the reverse.',
      from: { path: server('modules/payments/') },
      to: { path: server('modules/(admin|health|metrics)/') },
    },
    {
      name: 'stripe-gateway-is-a-leaf',
      severity: 'error',
      comment: 'The Stripe gateway wraps the SDK and nothing else.',
      from: { path: server('modules/stripe/') },
      to: { path: server('modules/(orders|payments|admin|catalog|health)/') },
    },
    {
      name: 'catalog-is-a-leaf',
      severity: 'error',
      comment: 'The catalog knows nothing of orders or payments.',
      from: { path: server('modules/catalog/') },
      to: { path: server('modules/(orders|payments|admin|stripe|health)/') },
    },
    {
      name: 'retention-is-a-leaf',
      severity: 'error',
      comment: 'Pruning is plain SQL over the tables; it needs no feature module.',
      from: { path: server('modules/retention/') },
      to: { path: server('modules/(orders|payments|admin|catalog|stripe|health|limits|metrics)/') },
    },
    {
      name: 'mail-is-a-leaf',
      severity: 'error',
      comment:
        'E-mail reads the outbox and the orders’ tables with plain SQL and renders them; of orders/ it uses only ' +
        'pure helpers (the customer’s reason wording, the customer’s address), and no other module.',
      from: { path: server('modules/mail/'), pathNot: '\\.test\\.ts$' },
      to: {
        path: server('modules/'),
        pathNot: [server('modules/mail/'), server('modules/orders/(order-view|mail-effects)\\.ts$')],
      },
    },
    {
      name: 'only-the-app-starts-mail',
      severity: 'error',
      comment:
        'Messages are written by orders/mail-effects.ts in the transition’s transaction; nobody calls the sender.',
      from: { path: server('modules/'), pathNot: [server('modules/mail/'), '\\.test\\.ts$'] },
      to: { path: server('modules/mail/') },
    },
    {
      name: 'limits-is-a-leaf',
      severity: 'error',
      comment: 'Rate limits count requests; they know nothing of what the requests do.',
      from: { path: server('modules/limits/') },
      to: { path: server('modules/(orders|payments|admin|catalog|stripe|health)/') },
    },
    {
      name: 'stock-below-payments',
      severity: 'error',
      comment:
        'stock/ holds units for checkouts: checkout, retry, the reconciler and the admin use it; it uses only ' +
        'the order aggregate (its lock and the release its writer runs), never Stripe, payments or the admin.',
      from: { path: server('modules/stock/') },
      to: { path: server('modules/(payments|admin|health|stripe|catalog|shop|metrics)/') },
    },
    {
      name: 'only-the-stripe-module-uses-the-sdk',
      severity: 'error',
      comment: 'Everything else goes through the StripeGateway interface (so tests can point it anywhere).',
      from: {
        path: '^server/src',
        pathNot: ['^server/src/modules/stripe/', '\\.test\\.ts$'],
      },
      to: { path: '^node_modules/stripe/' },
    },
    {
      name: 'emulator-domain-knows-no-http',
      severity: 'error',
      comment: 'The emulator’s domain is Stripe’s behaviour; HTTP is how it is served.',
      from: { path: '^stripe-emulator/src/(domain|state|core|objects)/' },
      to: { path: '^stripe-emulator/src/(http|resources|hosted|control)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|test-results|playwright-report|\\.data)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
