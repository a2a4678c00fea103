export { buildApp, BODY_LIMIT, type AppDeps } from './build-app.ts';
export { type ProblemDetails, problemType } from './problem-details.ts';
export { type Page, DEFAULT_LIMIT, MAX_LIMIT } from './pagination.ts';
export { WEB_DIST } from './web-static.ts';
