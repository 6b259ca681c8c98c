import { createFileMailer } from "./file.js";
import type { MailBox, Mailer } from "./index.js";
import { createSmtpMailer } from "./smtp.js";

/**
 * The mailer the configuration asks for: SMTP when SMTP_URL is set, else the file mailer
 * (whose listing the development page shows; `box` is undefined for SMTP).
 */
export function createMailer(opts: {
  smtpUrl: string | undefined;
  from: string;
  dir: string | undefined;
  maxConnections?: number;
}): { mailer: Mailer; box: (Mailer & MailBox) | undefined } {
  if (opts.smtpUrl) {
    return {
      mailer: createSmtpMailer({ url: opts.smtpUrl, from: opts.from, maxConnections: opts.maxConnections }),
      box: undefined,
    };
  }
  const file = createFileMailer({ dir: opts.dir, from: opts.from });
  return { mailer: file, box: file };
}
