import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../api.ts";
import { ErrorBox, Spinner } from "../components/ui.tsx";
import { useDocumentTitle } from "../hooks.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";

/** Forgotten password: ask for a link (no token) or set the new password (token from the mail). */
export function ResetPasswordPage({ token }: { token: string | null }) {
  useDocumentTitle("Reset your password");
  const [state, setState] = useState<"idle" | "busy" | "sent" | "done">("idle");
  const [error, setError] = useState<string>();
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    setState("busy");
    setError(undefined);
    try {
      if (token) {
        const password = String(f.get("password"));
        if (password !== String(f.get("confirm")))
          throw new ApiError(400, "MISMATCH", "The passwords differ.");
        await api("/api/auth/password-reset/confirm", { method: "POST", body: { token, password } });
        setState("done");
      } else {
        await api("/api/auth/password-reset", { method: "POST", body: { email: String(f.get("email")) } });
        setState("sent");
      }
    } catch (err) {
      const ae = err instanceof ApiError ? err : undefined;
      setError(
        token && ae?.code === "VALIDATION_ERROR" && ae.message.includes("link")
          ? "This link is invalid, already used or expired. Ask for a new one."
          : (ae?.message ?? "Something went wrong"),
      );
      setState("idle");
    }
  };
  if (state === "sent" || state === "done")
    return (
      <div class="page narrow">
        <div class="panel" role="status">
          <h1>{state === "sent" ? "Check your mail" : "Password changed"}</h1>
          <p>
            {state === "sent"
              ? "If an account uses that address, a link to reset its password is on its way."
              : "Your new password is set, and every device that was signed in has been signed out."}
          </p>
          {state === "done" ? <a href="/login">Log in</a> : null}
        </div>
      </div>
    );
  return (
    <div class="page narrow">
      <form class="panel form" onSubmit={submit} aria-describedby={error ? "reset-error" : undefined}>
        <h1>{token ? "Choose a new password" : "Reset your password"}</h1>
        {token ? (
          <>
            <div class="field">
              <label for="password">New password</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={8}
              />
              <p class="muted small">At least 8 characters.</p>
            </div>
            <div class="field">
              <label for="confirm">New password again</label>
              <input
                id="confirm"
                name="confirm"
                type="password"
                autoComplete="new-password"
                required
                minLength={8}
              />
            </div>
          </>
        ) : (
          <div class="field">
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="email" required />
          </div>
        )}
        {error ? (
          <p id="reset-error" class="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary btn-block" disabled={state === "busy"}>
          {state === "busy" ? "Please wait…" : token ? "Set password" : "Send me a link"}
        </button>
      </form>
    </div>
  );
}

type Switches = Record<string, boolean>;
interface Preferences {
  email: Switches;
  webPush: Switches;
}

const LABELS: Record<string, string> = {
  "order.confirmed": "Order receipts",
  "order.cancelled": "Cancellations and refunds",
  "order.fulfilled": "Shipping notices",
  "order.refunded": "Refunds from creators",
  "order.failed": "Failed payments",
  "order.expired": "Expired reservations",
  "drop.started": "A creator you follow starts a drop",
  "drop.reminder": "Reminders you asked for",
  "raffle.won": "Raffle wins",
  "raffle.lost": "Raffle results",
  "account.password_reset": "Password reset links (turn off if someone else keeps requesting them)",
};

/** Which mails and browser notifications to get; the inbox always gets everything. */
export function PreferencesPage() {
  const s = useStore(session);
  useDocumentTitle("Notification settings");
  const [prefs, setPrefs] = useState<Preferences>();
  const [error, setError] = useState<unknown>();
  const url = s ? `/api/users/${s.user.id}/preferences` : null;
  const load = () => {
    if (url) api<Preferences>(url).then(setPrefs, setError);
  };
  useEffect(load, [url]);
  if (!s)
    return (
      <div class="page">
        <p>
          Log in to change your notification settings.{" "}
          <a href="/login?next=/settings/notifications">Log in</a>
        </p>
      </div>
    );
  const toggle = async (channel: keyof Preferences, kind: string, on: boolean) => {
    if (!url) return;
    setPrefs((p) => p && { ...p, [channel]: { ...p[channel], [kind]: on } });
    try {
      setPrefs(await api<Preferences>(url, { method: "PUT", body: { [channel]: { [kind]: on } } }));
    } catch (err) {
      setError(err);
      load();
    }
  };
  return (
    <div class="page narrow-wide">
      <h1>Notification settings</h1>
      <p class="muted">Your inbox and the live notifications in the app always get everything.</p>
      {error ? <ErrorBox error={error as Error} retry={load} /> : null}
      {!prefs ? <Spinner /> : null}
      {prefs ? (
        <table class="prefs">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Email</th>
              <th scope="col">Browser</th>
            </tr>
          </thead>
          <tbody>
            {Object.keys(prefs.email).map((kind) => (
              <tr key={kind}>
                <th scope="row">{LABELS[kind] ?? kind}</th>
                {(["email", "webPush"] as const).map((channel) => (
                  <td key={channel}>
                    {kind in prefs[channel] ? (
                      <input
                        type="checkbox"
                        aria-label={`${LABELS[kind] ?? kind}: ${channel === "email" ? "email" : "browser"}`}
                        checked={prefs[channel][kind]}
                        onChange={(e) => toggle(channel, kind, (e.target as HTMLInputElement).checked)}
                      />
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
