/**
 * The console's own pages (its client-side routes), declared once: the console's router takes
 * its paths from here, and the local front (like CloudFront in AWS) answers exactly these with
 * the console's index.html. Every other unmatched path stays the API's 404. None is an API path:
 * the API owns /cases, the case page is /case/{id}. Plain data: the browser imports it too.
 */
export const CONSOLE_PAGES = {
  home: '/',
  signIn: '/sign-in',
  authCallback: '/auth/callback',
  intake: '/intake',
  ledger: '/ledger',
  case: '/case/:id',
  board: '/board',
  workbench: '/workbench',
  holidaySchedule: '/holiday-schedule',
  dutyRoster: '/duty-roster',
  bulletin: '/bulletin',
  scores: '/scores',
  // 管理: not /tenants, /catalogue or /calendar, which are the API's.
  centres: '/centres',
  departments: '/departments',
  jointCatalogue: '/joint-catalogue',
  calendarOverrides: '/calendar-overrides',
} as const;

const patterns = Object.values(CONSOLE_PAGES).map(
  (path) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}/?$`),
);

/** Is this a page of the console (to be answered with index.html)? */
export function isConsolePage(pathname: string): boolean {
  return patterns.some((p) => p.test(pathname));
}
