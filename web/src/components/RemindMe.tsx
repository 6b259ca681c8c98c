import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../api.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import { enableWebPush } from "../webpush.ts";

/**
 * "Remind me" on an upcoming drop: `drop.reminder` arrives on push and in the inbox shortly
 * before the start. Signed-out visitors are not shown the button (nothing to remind). Setting
 * one asks for browser notifications (as following does), so it reaches a closed tab too.
 */
export function RemindMe({ dropId }: { dropId: string }) {
  const s = useStore(session);
  const [on, setOn] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!s) return;
    let live = true;
    api<{ reminder: boolean }>(`/api/drops/${dropId}/reminder`)
      .then((r) => live && setOn(r.reminder))
      .catch(() => live && setOn(false));
    return () => {
      live = false;
    };
  }, [dropId, s?.user.id]);

  if (!s || on === undefined) return null;
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ reminder: boolean }>(`/api/drops/${dropId}/reminder`, {
        method: on ? "DELETE" : "PUT",
      });
      setOn(r.reminder);
      // A reminder is worth most with the tab closed: the moment to ask for notifications.
      if (r.reminder) void enableWebPush();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p class="remind-me">
      <button
        type="button"
        class={`btn btn-small ${on ? "btn-ghost" : "btn-primary"}`}
        disabled={busy}
        aria-pressed={on}
        onClick={() => void toggle()}
        data-testid="remind-me"
      >
        {on ? "Reminder set ✓ (cancel)" : "Remind me"}
      </button>
      {error ? <span class="muted small"> {error}</span> : null}
    </p>
  );
}
