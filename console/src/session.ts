// Who is signed in: tokens kept in sessionStorage (this tab only), the user they belong to, and the API clients.
import type { Middleware } from "openapi-fetch";
import { admin, analytics, auth, files, guidance, notifications, simulation } from "../../generated/ts/index";
import { ok } from "./problem";

const KEY = "turnout.session";

interface Stored {
  access: string;
  refresh: string;
  expiresAt: number; // epoch ms
}

export type User = auth.User;

let stored: Stored | null = read();
let me: User | null = null;
const listeners = new Set<() => void>();

function read(): Stored | null {
  const text = sessionStorage.getItem(KEY);
  return text === null ? null : (JSON.parse(text) as Stored);
}

function keep(tokens: auth.TokenPair): void {
  stored = { access: tokens.access_token, refresh: tokens.refresh_token, expiresAt: Date.now() + tokens.expires_in * 1000 };
  sessionStorage.setItem(KEY, JSON.stringify(stored));
}

const baseUrl = window.location.origin;
const anonymous = auth.createAuthClient({ baseUrl });

// Refreshed a little before expiry, once for every request waiting on it.
let refreshing: Promise<void> | null = null;
async function freshToken(): Promise<string | null> {
  if (stored === null) return null;
  if (Date.now() > stored.expiresAt - 30_000) {
    const refresh = stored.refresh;
    refreshing ??= anonymous.POST("/auth/refresh", { body: { refresh_token: refresh } }).then((answer) => {
      refreshing = null;
      if (answer.data !== undefined) keep(answer.data);
    });
    await refreshing;
  }
  return stored?.access ?? null;
}

const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await freshToken();
    if (token !== null) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

function withBearer<C extends { use(...m: Middleware[]): void }>(client: C): C {
  client.use(bearer);
  return client;
}

/** The generated clients, each sending the signed-in user's token. */
export const api = {
  auth: withBearer(auth.createAuthClient({ baseUrl })),
  files: withBearer(files.createFilesClient({ baseUrl })),
  simulation: withBearer(simulation.createSimulationClient({ baseUrl })),
  analytics: withBearer(analytics.createAnalyticsClient({ baseUrl })),
  guidance: withBearer(guidance.createGuidanceClient({ baseUrl })),
  notifications: withBearer(notifications.createNotificationsClient({ baseUrl })),
  admin: withBearer(admin.createAdminClient({ baseUrl })),
};

/** The signed-in user, or null. */
export function currentUser(): User | null {
  return me;
}

/** A header value for calls the clients cannot make (the live stream). */
export async function authorization(): Promise<string | null> {
  const token = await freshToken();
  return token === null ? null : `Bearer ${token}`;
}

/** Called whenever someone signs in or out. */
export function onSessionChange(listener: () => void): void {
  listeners.add(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

/** Restore the tab's session, if its tokens still work. */
export async function restore(): Promise<void> {
  if (stored === null) return;
  const answer = await api.auth.GET("/auth/me");
  if (answer.data === undefined) forget();
  else me = answer.data;
  changed();
}

export async function signIn(email: string, password: string): Promise<User> {
  keep(ok(await anonymous.POST("/auth/login", { body: { email, password } })));
  me = ok(await api.auth.GET("/auth/me"));
  changed();
  return me;
}

export async function signUp(email: string, password: string, displayName: string): Promise<User> {
  const body = displayName ? { email, password, display_name: displayName } : { email, password };
  ok(await anonymous.POST("/auth/register", { body }));
  return signIn(email, password);
}

export async function signOut(): Promise<void> {
  if (stored !== null) await api.auth.POST("/auth/logout", {}); // the tokens are forgotten whatever it answers
  forget();
  changed();
}

function forget(): void {
  stored = null;
  me = null;
  sessionStorage.removeItem(KEY);
}
