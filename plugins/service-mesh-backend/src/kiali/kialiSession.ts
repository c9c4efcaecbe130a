import { HttpResponse, UpstreamError, httpRequest } from '../http/httpRequest';
import { TlsOptions } from '../http/tlsOptions';

export type KialiStrategy = 'openshift' | 'token' | 'anonymous';

/** How one Kiali is reached: where, with which strategy and token (never logged). */
export interface KialiConnection {
  url: string;
  strategy: KialiStrategy;
  /** The token sent as Bearer (openshift) or used to log in (token). */
  token?: string;
  tls: TlsOptions;
  timeoutMs: number;
  /** The config key of this Kiali, for messages, e.g. `serviceMesh.clusters[openshift].kiali`. */
  configKey: string;
}

interface Session {
  cookie: string;
  expiresAt: number;
}

/** A cookie Kiali sets to clear it (an old chunk): empty, or already expired. */
function isClearing(setCookie: string): boolean {
  const [pair, ...attributes] = setCookie.split(';');
  if (pair.slice(pair.indexOf('=') + 1).trim() === '') return true;
  return attributes.some(a => {
    const [key, value] = a.split('=').map(s => s.trim().toLowerCase());
    if (key === 'max-age') return Number(value) <= 0;
    if (key === 'expires') return Date.parse(value) <= Date.now();
    return false;
  });
}

/**
 * Authenticated requests to Kiali with the strategy the server itself uses:
 * a Bearer token on each request (openshift), a login cookie reused until it
 * expires or Kiali refuses it (token, however many chunks Kiali splits it
 * into), or nothing (anonymous).
 */
export class KialiSession {
  private session?: Session;
  /** A login under way, shared by concurrent requests. */
  private login?: Promise<Session>;

  constructor(private readonly connection: KialiConnection) {}

  private url(path: string) {
    return `${this.connection.url.replace(/\/+$/, '')}${path}`;
  }

  /** A GET without credentials (`/api/auth/info`). */
  getPublic(path: string): Promise<HttpResponse> {
    return httpRequest(this.url(path), {
      headers: { Accept: 'application/json' },
      ...this.connection.tls,
      timeoutMs: this.connection.timeoutMs,
    });
  }

  /** A GET with the credentials of `strategy` (the server's), logging in again once when a session is refused. */
  async get(path: string, strategy: KialiStrategy): Promise<HttpResponse> {
    const first = await this.send(path, strategy);
    if (first.response.status !== 401 || !first.session) return first.response;
    if (this.session === first.session) this.session = undefined;
    return (await this.send(path, strategy)).response;
  }

  private async send(path: string, strategy: KialiStrategy) {
    const token = this.connection.token;
    const headers: Record<string, string> = { Accept: 'application/json' };
    let session: Session | undefined;
    if (strategy !== 'anonymous' && !token)
      throw new UpstreamError(
        `Kiali uses the ${strategy} strategy, which needs ${this.connection.configKey}.token`,
      );
    if (strategy === 'openshift') headers.Authorization = `Bearer ${token}`;
    if (strategy === 'token') {
      session = await this.currentSession(token!);
      headers.Cookie = session.cookie;
    }
    const response = await httpRequest(this.url(path), {
      headers,
      ...this.connection.tls,
      timeoutMs: this.connection.timeoutMs,
    });
    return { response, session };
  }

  private currentSession(token: string): Promise<Session> {
    if (this.session && this.session.expiresAt > Date.now())
      return Promise.resolve(this.session);
    this.login ??= this.logIn(token)
      .then(session => {
        this.session = session;
        return session;
      })
      .finally(() => {
        this.login = undefined;
      });
    return this.login;
  }

  private async logIn(token: string): Promise<Session> {
    const response = await httpRequest(this.url('/api/authenticate'), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: `token=${encodeURIComponent(token)}`,
      ...this.connection.tls,
      timeoutMs: this.connection.timeoutMs,
    });
    if (response.status !== 200) {
      throw new UpstreamError(
        `Kiali refused the token login with HTTP ${response.status}: check ${this.connection.configKey}.token`,
      );
    }
    const cookie = (response.headers['set-cookie'] ?? [])
      .filter(c => !isClearing(c))
      .map(c => c.split(';')[0].trim())
      .join('; ');
    if (!cookie)
      throw new UpstreamError(
        'Kiali accepted the token login but set no session cookie',
      );
    let expiresAt = Date.now() + 5 * 60 * 1000;
    try {
      const parsed = Date.parse(JSON.parse(response.body)?.expiresOn);
      if (Number.isFinite(parsed)) expiresAt = parsed - 30_000;
    } catch {
      // keep the default lifetime
    }
    return { cookie, expiresAt };
  }
}
