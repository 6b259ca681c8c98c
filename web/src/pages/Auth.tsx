import { useState } from "preact/hooks";
import { ApiError, api } from "../api.ts";
import { useDocumentTitle } from "../hooks.ts";
import { navigate } from "../router.ts";
import { signIn } from "../session.ts";
import type { User } from "../types.ts";

const safeNext = (next: string | null) => (next?.startsWith("/") && !next.startsWith("//") ? next : "/");

export function AuthPage({ mode, next }: { mode: "login" | "signup"; next: string | null }) {
  const signup = mode === "signup";
  useDocumentTitle(signup ? "Sign up" : "Log in");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const body: Record<string, string> = {
      email: String(f.get("email")),
      password: String(f.get("password")),
    };
    if (signup) body.name = String(f.get("name"));
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ user: User; token: string }>(signup ? "/api/auth/register" : "/api/auth/login", {
        method: "POST",
        body,
      });
      signIn({ token: r.token, user: r.user });
      navigate(safeNext(next), { replace: true });
    } catch (err) {
      const ae = err instanceof ApiError ? err : undefined;
      setError(
        ae?.code === "VALIDATION_ERROR"
          ? signup
            ? "Check your details: a valid email and a password of at least 8 characters."
            : "Enter your email and password."
          : (ae?.message ?? "Something went wrong"),
      );
    } finally {
      setBusy(false);
    }
  };
  const alt = next ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <div class="page narrow">
      <form class="panel form" onSubmit={onSubmit} aria-describedby={error ? "auth-error" : undefined}>
        <h1>{signup ? "Create your account" : "Welcome back"}</h1>
        {signup ? (
          <div class="field">
            <label for="name">Name</label>
            <input id="name" name="name" autoComplete="name" required maxLength={100} />
          </div>
        ) : null}
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={signup ? "new-password" : "current-password"}
            required
            minLength={signup ? 8 : 1}
          />
          {signup ? <p class="muted small">At least 8 characters.</p> : null}
        </div>
        {error ? (
          <p id="auth-error" class="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? "Please wait…" : signup ? "Sign up" : "Log in"}
        </button>
        <p class="muted small center">
          {signup ? (
            <>
              Already have an account? <a href={`/login${alt}`}>Log in</a>
            </>
          ) : (
            <>
              <a href="/reset-password">Forgot your password?</a> New here?{" "}
              <a href={`/signup${alt}`}>Create an account</a>. Demo: fan1@livedrop.dev / livedrop-demo
            </>
          )}
        </p>
      </form>
    </div>
  );
}
