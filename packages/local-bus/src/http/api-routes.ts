import { type Api } from '@paved/events';
import { ApiRouteError } from '../errors';

/** A request matched to an API route, with the values of the route's path variables. */
export interface RouteMatch {
  readonly api: Api;
  readonly pathParameters: Readonly<Record<string, string>>;
}

interface Segment {
  readonly kind: 'literal' | 'variable' | 'greedy';
  /** The literal text, or the variable's name. */
  readonly value: string;
}

interface Route {
  readonly api: Api;
  readonly segments: readonly Segment[];
}

/** Paths the bus answers itself: the AWS protocol and console at `/`, the console's files, its own endpoints. */
const BUS_PATHS = ['/', '/_paved/health', '/console/app.js'];
const BUS_PREFIXES = ['_paved', 'console'];

/**
 * The services' API routes, served at the bus's root as one API Gateway HTTP API would serve them, and matched as
 * it matches ("Working with routes for HTTP APIs" in the API Gateway developer guide): the most specific route
 * wins, a literal segment over a variable, a variable over a greedy `{name+}`, an exact method over `ANY`.
 * Routes that would answer the same requests, or a path the bus answers itself (`/`, `/_paved/...`,
 * `/console/...`), stop the bus starting with an {@link ApiRouteError} naming both.
 */
export class ApiRoutes {
  private readonly routes: Route[];

  constructor(apis: readonly Api[]) {
    this.routes = apis.map((api) => ({ api, segments: segmentsOf(api.path) }));
    for (const [i, route] of this.routes.entries()) {
      const own = BUS_PATHS.find((path) => matchPath(route.segments, path) !== undefined);
      const first = route.segments[0];
      if (own !== undefined || (first?.kind === 'literal' && BUS_PREFIXES.includes(first.value))) {
        throw new ApiRouteError(
          `API ${route.api.id} (${route.api.route}) clashes with the bus's own paths: the bus answers / (the AWS protocol and its console), /_paved/... and /console/... itself. Give the route a path of its own, such as /${route.api.service}/...`,
        );
      }
      for (const other of this.routes.slice(0, i)) {
        if (route.api.method === other.api.method && sameShape(route.segments, other.segments)) {
          throw new ApiRouteError(
            `APIs ${other.api.id} (${other.api.route}) and ${route.api.id} (${route.api.route}) have the same route: API Gateway would refuse the second (ConflictException), and the bus cannot tell which one a request is for. Change the method or the path of one.`,
          );
        }
      }
    }
  }

  list(): readonly Api[] {
    return this.routes.map((route) => route.api);
  }

  /** The route a request goes to, or undefined when none matches. */
  match(method: string, path: string): RouteMatch | undefined {
    let best: { route: Route; pathParameters: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.api.method !== method && route.api.method !== 'ANY') continue;
      const pathParameters = matchPath(route.segments, path);
      if (pathParameters && (!best || moreSpecific(route, best.route))) best = { route, pathParameters };
    }
    return best && { api: best.route.api, pathParameters: best.pathParameters };
  }
}

function segmentsOf(path: string): Segment[] {
  if (path === '/') return [];
  return path
    .slice(1)
    .split('/')
    .map((segment) => {
      const variable = /^\{(.+?)(\+?)\}$/.exec(segment);
      if (!variable) return { kind: 'literal', value: segment };
      return { kind: variable[2] ? 'greedy' : 'variable', value: variable[1]! };
    });
}

/** The path's variables when `path` (as requested, URL-encoded) matches the route's segments. */
function matchPath(segments: readonly Segment[], path: string): Record<string, string> | undefined {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  const values: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.some((part) => part === '')) return undefined;
      values[segment.value] = decode(rest.join('/'));
      return values;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'literal' && part !== segment.value) return undefined;
    if (segment.kind === 'variable') values[segment.value] = decode(part);
  }
  return parts.length === segments.length ? values : undefined;
}

/** Whether two routes' paths match exactly the same requests (variables' names aside). */
function sameShape(a: readonly Segment[], b: readonly Segment[]): boolean {
  return (
    a.length === b.length &&
    a.every((segment, i) => {
      const other = b[i]!;
      return segment.kind === other.kind && (segment.kind !== 'literal' || segment.value === other.value);
    })
  );
}

const RANK = { literal: 0, variable: 1, greedy: 2 } as const;

function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const difference = RANK[a.segments[i]!.kind] - RANK[b.segments[i]!.kind];
    if (difference !== 0) return difference < 0;
  }
  if (a.segments.length !== b.segments.length) return a.segments.length > b.segments.length;
  return b.api.method === 'ANY' && a.api.method !== 'ANY';
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
