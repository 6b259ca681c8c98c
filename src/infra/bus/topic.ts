/**
 * A bus subject together with the type of its messages. The module that owns a message
 * declares its topic once; publishers and subscribers both go through it, so they cannot
 * disagree on the subject's spelling or the message's shape. No imports: the web app's
 * type check reads the modules' event files, which import this.
 */
export interface Topic<T> {
  readonly subject: string;
  /** Phantom: carries `T` for inference, never set. */
  readonly message?: T;
}

export const topic = <T>(subject: string): Topic<T> => ({ subject });
