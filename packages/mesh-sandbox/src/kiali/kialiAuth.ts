import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxTokens, callerOf } from '../server/auth';
import { KialiDialect, KialiStrategy } from './kialiMode';

interface Session {
  username: string;
  expiresAt: number;
}

function cookies(req: IncomingMessage): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) result[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return result;
}

/** Go's RFC1123Z, as Kiali formats `expiresOn`. */
const rfc1123z = (ms: number) =>
  new Date(ms).toUTCString().replace('GMT', '+0000');

/**
 * Kiali's login styles over the sandbox's tokens: openshift takes a Bearer
 * token (or `oauth_token`) on every request; token logs in once and then
 * only accepts its session cookie; anonymous lets everyone in.
 */
export class KialiAuth {
  private readonly sessions = new Map<string, Session>();

  constructor(
    readonly strategy: KialiStrategy,
    private readonly dialect: KialiDialect,
    private readonly tokens: SandboxTokens,
    private readonly sessionSeconds: number,
    /** Kiali's SessionCookieMaxSize: longer sessions are split over several cookies. */
    private readonly chunkSize = 3584,
  ) {}

  /** The session a request's cookies carry: one cookie, or the chunks its chunks cookie counts. */
  private sessionValue(req: IncomingMessage): string | undefined {
    const jar = cookies(req);
    const first = jar[this.dialect.cookieName];
    if (!first) return undefined;
    const count = Number(jar[this.dialect.chunksCookieName] ?? 1);
    if (!Number.isInteger(count) || count < 1 || count > 180) return undefined;
    let value = first;
    for (let i = 1; i < count; i++) {
      const chunk = jar[this.dialect.chunkCookieName(i)];
      if (chunk === undefined) return undefined;
      value += chunk;
    }
    return value;
  }

  private userOfToken(token: string | undefined): string | undefined {
    if (!token) return undefined;
    return callerOf(
      { headers: { authorization: `Bearer ${token}` } } as IncomingMessage,
      this.tokens,
    )?.user;
  }

  /** The user a request runs as, or undefined when it must get 401. */
  userOf(
    req: IncomingMessage,
    url: URL,
  ): { username: string; expiresAt?: number } | undefined {
    if (this.strategy === 'anonymous') return { username: 'anonymous' };
    if (this.strategy === 'openshift') {
      const caller = callerOf(req, this.tokens)?.user;
      const username =
        caller ??
        this.userOfToken(url.searchParams.get('oauth_token') ?? undefined);
      return username ? { username } : undefined;
    }
    const id = this.sessionValue(req);
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) return undefined;
    if (session.expiresAt <= Date.now()) {
      this.sessions.delete(id!);
      return undefined;
    }
    return session;
  }

  /** POST /api/authenticate (token strategy): a form with `token=`. */
  login(res: ServerResponse, form: URLSearchParams) {
    const username = this.userOfToken(form.get('token') ?? undefined);
    if (this.strategy !== 'token' || !username) {
      const text = JSON.stringify({
        error: 'Token is not valid or is expired',
      });
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(text);
      return;
    }
    // as long as Kiali's encrypted session (nonce, JSON with the token, tag), in base64
    const id = randomBytes(12 + 80 + form.get('token')!.length + 16).toString(
      'base64',
    );
    const expiresAt = Date.now() + this.sessionSeconds * 1000;
    this.sessions.set(id, { username, expiresAt });
    const body = JSON.stringify({ expiresOn: rfc1123z(expiresAt), username });
    const attributes = `Path=/kiali; Expires=${new Date(
      expiresAt,
    ).toUTCString()}; HttpOnly; Secure; SameSite=Strict`;
    const chunks: string[] = [];
    for (let i = 0; i < id.length; i += this.chunkSize)
      chunks.push(id.slice(i, i + this.chunkSize));
    const setCookies = chunks.map(
      (chunk, i) =>
        `${
          i === 0 ? this.dialect.cookieName : this.dialect.chunkCookieName(i)
        }=${chunk}; ${attributes}`,
    );
    if (chunks.length > 1)
      setCookies.push(
        `${this.dialect.chunksCookieName}=${chunks.length}; ${attributes}`,
      );
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Set-Cookie': setCookies,
    });
    res.end(body);
  }

  logout(req: IncomingMessage, res: ServerResponse) {
    const id = this.sessionValue(req);
    if (id) this.sessions.delete(id);
    res.writeHead(204, {
      'Set-Cookie': `${this.dialect.cookieName}=; Path=/kiali; Max-Age=0; HttpOnly; Secure; SameSite=Strict`,
    });
    res.end();
  }

  info(req: IncomingMessage, url: URL) {
    const user = this.userOf(req, url);
    return {
      strategy: this.strategy,
      ...(this.strategy === 'openshift'
        ? { authorizationEndpoint: `${url.origin}/oauth/authorize` }
        : {}),
      sessionInfo: user
        ? {
            username: user.username,
            ...(user.expiresAt ? { expiresOn: rfc1123z(user.expiresAt) } : {}),
          }
        : {},
    };
  }
}

export function unauthorized(res: ServerResponse) {
  res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Unauthorized\n');
}
