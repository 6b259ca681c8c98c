/**
 * Outgoing mail. One small interface, two implementations: a file mailer for the embedded
 * default (no mail server: each message is written under the data directory and listed on
 * a development page) and an SMTP mailer (nodemailer) when SMTP_URL is set. Both render the
 * same RFC 5322 message, so what the file mailer keeps is what SMTP would have sent.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
}

/** What the development page lists (file mailer only). */
export interface StoredMail {
  id: string;
  messageId: string;
  to: string;
  subject: string;
  sentAt: string;
}

export interface Mailer {
  /** The provider's name: the send rate limit is per provider. */
  readonly kind: "file" | "smtp";
  /** Resolves once the provider accepted the message; throws when it refused or was unreachable. */
  send(msg: MailMessage): Promise<SentMail>;
  close(): Promise<void>;
}

/** The file mailer's listing, for the development page. */
export interface MailBox {
  list(limit: number): Promise<StoredMail[]>;
  /** The raw message (.eml), or undefined when there is none with this id. */
  raw(id: string): Promise<string | undefined>;
}
