/**
 * Generated from the OpenAPI document by openapi-typescript: `npm run openapi:types`.
 * Do not edit; test/contract.test.ts fails when it is out of date.
 */


export interface paths {
  "/metrics": {
    /**
     * Prometheus metrics, for the service token
     * @description Send `Authorization: Bearer <INTERNAL_TOKEN>`. With `METRICS_PORT` set, the same text is served without a token on that separate listener (bound to `METRICS_HOST`, default 127.0.0.1).
     */
    get: operations["getMetrics"];
  };
  "/health/live": {
    /** The process is up */
    get: operations["checkLiveness"];
  };
  "/health/ready": {
    /** Database, cache and bus answer */
    get: operations["checkReadiness"];
  };
  "/api/auth/register": {
    /** Create an account; answers the user and a bearer token */
    post: operations["register"];
  };
  "/api/auth/login": {
    /** Sign in with email and password; answers the user and a bearer token */
    post: operations["login"];
  };
  "/api/users/{id}": {
    /** A user; the email only to the user themself */
    get: operations["getUser"];
    /**
     * Change your name, email or password
     * @description Changing `password` or `email` needs `currentPassword` (403 WRONG_PASSWORD when missing or wrong; guesses count against the sign-in rate limit). A new password revokes every token signed before it, on every server within seconds, and ends the account's open push connections that use one; the answer then carries a fresh `token`.
     */
    put: operations["updateUser"];
    /**
     * Delete your account: personal data is anonymised, orders are kept
     * @description Every token of the account stops working and its open push connections end, on every server within seconds. Its follows go, and its drops end: upcoming ones are cancelled, a live one ends now.
     */
    delete: operations["deleteUser"];
  };
  "/api/creators": {
    /** List creators, newest first; `query` searches handles and names by word prefix */
    get: operations["listCreators"];
    /** Open your creator profile (handle, display name, bio) */
    post: operations["becomeCreator"];
  };
  "/api/creators/me": {
    /** Edit your creator profile (409 HANDLE_TAKEN, 404 when you have none) */
    put: operations["updateMyCreatorProfile"];
  };
  "/api/creators/{id}": {
    /** A creator's profile with follower and following counts */
    get: operations["getCreator"];
    /** Edit a creator profile: the owner only (403 otherwise, 409 HANDLE_TAKEN) */
    put: operations["updateCreatorProfile"];
  };
  "/api/auth/password-reset": {
    /**
     * Mail a password reset link; always 202, whether or not the email has an account
     * @description The mail links to `PUBLIC_URL/reset-password?token=...`; the token works once, for an hour (PASSWORD_RESET_TTL_MS). Limited per email and per client address (429).
     */
    post: operations["requestPasswordReset"];
  };
  "/api/auth/password-reset/confirm": {
    /**
     * Set a new password with the token from the reset mail (once)
     * @description Every token of the account signed before is revoked (its sessions end on every server within seconds) and every other open reset link stops working. A used, expired or unknown token is a 400.
     */
    post: operations["confirmPasswordReset"];
  };
  "/api/followers": {
    /** Follow a creator (seed form; `userId`, when sent, must be the caller) */
    post: operations["follow"];
    /** Unfollow a creator (seed form; `userId`, when sent, must be the caller) */
    delete: operations["unfollow"];
  };
  "/api/creators/{id}/follow": {
    /** Follow the creator in the path */
    put: operations["followCreator"];
    /** Unfollow the creator in the path */
    delete: operations["unfollowCreator"];
  };
  "/api/creators/{id}/followers": {
    /** A creator's followers, newest first */
    get: operations["listFollowers"];
  };
  "/creators/{id}/followers": {
    /**
     * Seed 000's REST fallback: the same operation as GET /api/creators/:id/followers
     * @description A creator's followers, newest first
     */
    get: operations["listFollowersSeed"];
  };
  "/api/users/{id}/following": {
    /** Creators a user follows, newest first */
    get: operations["listFollowing"];
  };
  "/api/users/{id}/following/{creatorId}": {
    /** Whether the user follows the creator: 200, or 404 when not */
    get: operations["getFollow"];
  };
  "/api/products": {
    /** Newest first; with `query`, best text match first (words of title and description, prefixes) */
    get: operations["listProducts"];
    /** Create a product (creators only) */
    post: operations["createProduct"];
  };
  "/api/products/{id}": {
    /** A product */
    get: operations["getProduct"];
    /** Edit your product */
    put: operations["updateProduct"];
    /** Soft-delete a product; refused while it has an upcoming or live drop */
    delete: operations["deleteProduct"];
  };
  "/api/creators/{id}/products": {
    /** A creator's products, newest first */
    get: operations["listCreatorProducts"];
  };
  "/api/drops": {
    /** Drops by status: upcoming (soonest start first), live (soonest end first), ended (latest end first) */
    get: operations["listDrops"];
    /** Schedule a drop of your product: a start, an end and the stock */
    post: operations["createDrop"];
  };
  "/api/drops/{id}": {
    /** A drop with its status and live stock (at most 1 s old) */
    get: operations["getDrop"];
    /** Edit a drop before it starts (409 DROP_NOT_EDITABLE after) */
    put: operations["updateDrop"];
  };
  "/api/drops/{id}/cancel": {
    /** Cancel an upcoming drop, or end a live one now */
    post: operations["cancelDrop"];
  };
  "/drops": {
    /**
     * Seed 000's REST fallback: the same operation as GET /api/drops
     * @description Drops by status: upcoming (soonest start first), live (soonest end first), ended (latest end first)
     */
    get: operations["listDropsSeed"];
  };
  "/api/products/{id}/images": {
    /**
     * Upload an image of your product (multipart field `file`)
     * @description JPEG, PNG or WebP, told by its bytes, up to 10 MB (413 beyond); anything else is a 400. The image is stored without its metadata (EXIF, GPS, XMP, ICC) and served as WebP at 320, 640 and 1280 px wide (never upscaled) at content-addressed URLs, cacheable for a year. At most 10 per product (409 LIMIT_EXCEEDED). The same file again answers 200 with the image it already is.
     */
    post: operations["uploadProductImage"];
  };
  "/api/products/{id}/images/{imageId}": {
    /** Delete an uploaded image of your product */
    delete: operations["deleteProductImage"];
  };
  "/api/orders": {
    /**
     * Reserve stock of a live drop; with paymentMethodId, pay and confirm in the same call
     * @description 201 with the order and stock; 402 PAYMENT_FAILED (order failed, stock released); 409 SOLD_OUT, DROP_NOT_LIVE, LIMIT_EXCEEDED, IDEMPOTENCY_IN_PROGRESS; 422 IDEMPOTENCY_KEY_REUSED; 403 NOT_A_WINNER (a raffle drop: only a winner holding an unexpired claim orders). A replay with the same key and body answers the first answer again. On a drop with variants variantId is required (400 without; 404 for a variant that is not the drop's) and SOLD_OUT is that variant's; on a drop that ships shippingAddress is required (400 without or malformed; 422 CANNOT_SHIP_TO outside its shipsTo) and total = unit price x quantity + shipping fee.
     */
    post: operations["placeOrder"];
  };
  "/orders": {
    /**
     * Seed 000's REST fallback: the same operation as POST /api/orders
     * @description Reserve stock of a live drop; with paymentMethodId, pay and confirm in the same call
     *
     * 201 with the order and stock; 402 PAYMENT_FAILED (order failed, stock released); 409 SOLD_OUT, DROP_NOT_LIVE, LIMIT_EXCEEDED, IDEMPOTENCY_IN_PROGRESS; 422 IDEMPOTENCY_KEY_REUSED; 403 NOT_A_WINNER (a raffle drop: only a winner holding an unexpired claim orders). A replay with the same key and body answers the first answer again. On a drop with variants variantId is required (400 without; 404 for a variant that is not the drop's) and SOLD_OUT is that variant's; on a drop that ships shippingAddress is required (400 without or malformed; 422 CANNOT_SHIP_TO outside its shipsTo) and total = unit price x quantity + shipping fee.
     */
    post: operations["placeOrderSeed"];
  };
  "/api/orders/{id}": {
    /** One of your orders */
    get: operations["getOrder"];
  };
  "/api/orders/{id}/cancel": {
    /** Cancel: a pending order releases its stock; a confirmed one is refunded and its stock returns */
    put: operations["cancelOrder"];
  };
  "/api/users/{id}/orders": {
    /** Your orders, newest first */
    get: operations["listOrders"];
  };
  "/api/payments": {
    /** Pay a pending order: 201 confirmed, or 402 PAYMENT_FAILED (order failed, stock released) */
    post: operations["payOrder"];
  };
  "/api/payments/{id}": {
    /** A payment of one of your orders */
    get: operations["getPayment"];
  };
  "/api/drops/{id}/orders": {
    /** The drop's orders, newest first (its creator only) */
    get: operations["listDropOrders"];
  };
  "/api/drops/{id}/orders.csv": {
    /**
     * Every order of the drop as CSV, streamed (its creator only)
     * @description Columns: order_id, created_at, status, buyer_id, buyer_name, variant_id, variant_name, quantity, total_cents, currency, ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, carrier, tracking_number, fulfilled_at. Text cells starting with = + - @ are prefixed with '.
     */
    get: operations["exportDropOrders"];
  };
  "/api/drops/{id}/sales": {
    /** Units and revenue of the drop's paid orders over time, per variant (its creator only) */
    get: operations["dropSales"];
  };
  "/api/orders/{id}/fulfil": {
    /**
     * Mark a confirmed order of your drop shipped; the buyer is told (order.fulfilled)
     * @description 409 INVALID_STATE when the order is not confirmed; 404 when it is not an order of your drops.
     */
    post: operations["fulfilOrder"];
  };
  "/api/orders/{id}/refund": {
    /**
     * Refund a confirmed or fulfilled order of your drop; the buyer is told (order.refunded)
     * @description Once: a second refund is 409 INVALID_STATE. A confirmed order's units return to stock; a fulfilled (shipped) order's stay sold. 402 PAYMENT_FAILED when the provider refused the refund.
     */
    post: operations["refundOrder"];
  };
  "/internal/inventory/reserve": {
    /** Reserve stock for a user: a pending order (the reservation) */
    post: operations["reserveStock"];
  };
  "/internal/inventory/release": {
    /** Release a pending reservation */
    post: operations["releaseReservation"];
  };
  "/internal/inventory/confirm": {
    /** Confirm a pending reservation (reserved -> sold) */
    post: operations["confirmReservation"];
  };
  "/internal/payments/charge": {
    /** Charge a pending order and confirm it, or release it on failure */
    post: operations["chargeOrder"];
  };
  "/internal/payments/refund": {
    /** Refund a confirmed order's payment; its stock returns */
    post: operations["refundPayment"];
  };
  "/api/users/{id}/notifications": {
    /** Your inbox, newest first (drop events of followed creators, your orders, messages) */
    get: operations["listNotifications"];
  };
  "/api/users/{id}/notifications/unread-count": {
    /** How many inbox items are unread */
    get: operations["countUnreadNotifications"];
  };
  "/api/users/{id}/notifications/read-all": {
    /** Mark every inbox item read */
    put: operations["markAllNotificationsRead"];
  };
  "/api/notifications/{id}/read": {
    /** Mark one inbox item read */
    put: operations["markNotificationRead"];
  };
  "/internal/notifications/send": {
    /** Send a notification to a user (service token only) */
    post: operations["sendNotification"];
  };
  "/api/webhooks": {
    /** Your endpoints, newest first (secrets are never shown again) */
    get: operations["listWebhooks"];
    /** Register an endpoint for your drops' and orders' events; the answer shows its secret, once */
    post: operations["createWebhook"];
  };
  "/api/webhooks/{id}": {
    /** One of your endpoints */
    get: operations["getWebhook"];
    /** Change an endpoint's URL or events, or enable it again after it was disabled */
    put: operations["updateWebhook"];
    /** Delete an endpoint and its delivery log */
    delete: operations["deleteWebhook"];
  };
  "/api/webhooks/{id}/deliveries": {
    /** An endpoint's delivery log, newest first: status, attempts, last response code */
    get: operations["listWebhookDeliveries"];
  };
  "/api/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
    /** Send a delivery again now (same event id and body, a fresh signature and retry window) */
    post: operations["redeliverWebhook"];
  };
  "/api/drops/{id}/reminder": {
    /** Whether you asked to be reminded of the drop */
    get: operations["getDropReminder"];
    /** Ask for `drop.reminder` shortly before the drop starts (push, inbox); asking twice is a no-op */
    put: operations["setDropReminder"];
    /** Cancel your reminder for the drop; cancelling twice is a no-op */
    delete: operations["cancelDropReminder"];
  };
  "/api/challenge": {
    /** A fresh ALTCHA proof-of-work challenge (the bare object, no envelope); solve it and send the solution as X-Challenge to join a queue or order on a protected drop. Good for 5 minutes, once. */
    get: operations["getChallenge"];
  };
  "/api/drops/{id}/queue": {
    /** Join the drop's waiting room (opens 15 minutes before the start); joining again answers the same ticket. On a protected drop send X-Challenge. */
    post: operations["joinDropQueue"];
  };
  "/api/drops/{id}/queue/me": {
    /** Your ticket in the drop's waiting room: state, position, ahead, ETA, and the pass once admitted */
    get: operations["getMyDropTicket"];
  };
  "/api/drops/{id}/entries": {
    /** Enter the drop's raffle, once per account: entering again answers the same entry. On a protected drop send X-Challenge. */
    post: operations["enterRaffle"];
    /** Withdraw your entry before entries close; withdrawing twice is a no-op */
    delete: operations["withdrawFromRaffle"];
  };
  "/api/drops/{id}/entries/me": {
    /** Your entry and its state (entered, won, lost, claimed, forfeited); 404 when you did not enter */
    get: operations["getMyRaffleEntry"];
  };
  "/api/drops/{id}/draw": {
    /** The draw, once it ran: seed, commitment and counts, so anyone can check SHA-256(seed) = drawCommitment (409 DRAW_PENDING before: the seed stays secret) */
    get: operations["getRaffleDraw"];
  };
  "/api/drops/{id}/draw/ranking": {
    /** Every entry in rank order (key = hex HMAC-SHA256(seed, entryId), ascending); the first `winners` won at the draw (409 DRAW_PENDING before) */
    get: operations["getRaffleRanking"];
  };
  "/api/ops/metrics": {
    /**
     * Key figures of the whole cluster (operators only: OPERATOR_EMAILS)
     * @description Requests and latency (overall and per route), cache hit ratio, refusals, orders, lock contention, follower-list latency, outbox lag, push connections and delivery latency, database pool and event loop, for every live process. Each process broadcasts its own /metrics on the bus every OPS_SAMPLE_MS, so any instance behind the load balancer answers for all; the web app's /ops page draws it live. Prometheus (deploy/prometheus) keeps the history.
     */
    get: operations["getOpsMetrics"];
  };
  "/api/users/{id}/preferences": {
    /** Your notification preferences: email and Web Push, per event type */
    get: operations["getPreferences"];
    /**
     * Change some notification switches; answers all of them
     * @description Send only the switches to change, e.g. `{ "email": { "drop.started": true } }`. In-app push and the inbox always get everything.
     */
    put: operations["updatePreferences"];
  };
  "/api/push/vapid-key": {
    /** The VAPID public key browsers subscribe to Web Push with */
    get: operations["getVapidKey"];
  };
  "/api/users/{id}/push-subscriptions": {
    /**
     * Register this browser for Web Push (the PushSubscription's JSON)
     * @description Pushes follow your webPush preferences. An endpoint the push service reports gone (404/410) is removed; an account keeps its newest WEB_PUSH_MAX_SUBSCRIPTIONS.
     */
    post: operations["addPushSubscription"];
    /** Stop Web Push to this browser (its endpoint) */
    delete: operations["removePushSubscription"];
  };
  "/api/unsubscribe": {
    /**
     * The unsubscribe link for people: a page with a button (a GET changes nothing)
     * @description Link scanners and mail previews fetch links, so only the POST (the button, or the provider's one-click) turns mail off. The token is checked here too: a forged one is a 400.
     */
    get: operations["unsubscribePage"];
    /**
     * One-click unsubscribe (RFC 8058): turns the token's kind of mail off
     * @description The URL of every mail's `List-Unsubscribe` header; mail providers POST to it with the body `List-Unsubscribe=One-Click`, which is ignored (the signed token says who and what). A token that was not signed by this service is a 400.
     */
    post: operations["unsubscribe"];
  };
  "/api/notifications/stream": {
    /**
     * Server-Sent Events: your push stream (the WebSocket /push fallback)
     * @description Authenticate with a bearer token or `?token=` (EventSource cannot set headers). `subscribe` adds drop channels from the start; on reconnect the stream resumes after `Last-Event-ID`.
     */
    get: operations["streamNotifications"];
  };
  "/graphql": {
    /** Run a GraphQL query sent in the query string */
    get: operations["graphqlGet"];
    /** Run a GraphQL query or mutation (schema: GET /graphql?sdl) */
    post: operations["graphql"];
  };
}

export type webhooks = Record<string, never>;

export interface components {
  schemas: {
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}

export type $defs = Record<string, never>;

export type external = Record<string, never>;

export interface operations {

  /**
   * Prometheus metrics, for the service token
   * @description Send `Authorization: Bearer <INTERNAL_TOKEN>`. With `METRICS_PORT` set, the same text is served without a token on that separate listener (bound to `METRICS_HOST`, default 127.0.0.1).
   */
  getMetrics: {
    responses: {
      /** @description Prometheus text exposition format */
      200: {
        content: {
          "text/plain": string;
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** The process is up */
  checkLiveness: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {string} */
            status: "ok";
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Database, cache and bus answer */
  checkReadiness: {
    responses: {
      /** @description Ready */
      200: {
        content: {
          "application/json": {
            status: "ready" | "not ready";
            /** @description "ok" or "down" per dependency, e.g. "database:pglite" (the reason is logged, never answered); the cache is "degraded" instead of down: it keeps answering without Redis, so it does not make the process unready; "load" is "overloaded" while admission control refuses requests (503 OVERLOADED), which does not make it unready either: the instance is healthy, only busy */
            checks: {
              [key: string]: string;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description A dependency is down */
      503: {
        content: {
          "application/json": {
            status: "ready" | "not ready";
            /** @description "ok" or "down" per dependency, e.g. "database:pglite" (the reason is logged, never answered); the cache is "degraded" instead of down: it keeps answering without Redis, so it does not make the process unready; "load" is "overloaded" while admission control refuses requests (503 OVERLOADED), which does not make it unready either: the instance is healthy, only busy */
            checks: {
              [key: string]: string;
            };
          };
        };
      };
    };
  };
  /** Create an account; answers the user and a bearer token */
  register: {
    requestBody: {
      content: {
        "application/json": {
          name: string;
          /** Format: email */
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              user: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                name: string;
                email?: string;
                isCreator: boolean;
                /** Format: date-time */
                createdAt: string;
              };
              token: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: EMAIL_TAKEN */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "EMAIL_TAKEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Sign in with email and password; answers the user and a bearer token */
  login: {
    requestBody: {
      content: {
        "application/json": {
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              user: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                name: string;
                email?: string;
                isCreator: boolean;
                /** Format: date-time */
                createdAt: string;
              };
              token: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A user; the email only to the user themself */
  getUser: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              name: string;
              email?: string;
              isCreator: boolean;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Change your name, email or password
   * @description Changing `password` or `email` needs `currentPassword` (403 WRONG_PASSWORD when missing or wrong; guesses count against the sign-in rate limit). A new password revokes every token signed before it, on every server within seconds, and ends the account's open push connections that use one; the answer then carries a fresh `token`.
   */
  updateUser: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          name?: string;
          /** Format: email */
          email?: string;
          password?: string;
          /** @description Your current password: required to change `password` or `email` */
          currentPassword?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              name: string;
              email?: string;
              isCreator: boolean;
              /** Format: date-time */
              createdAt: string;
            } & {
              /** @description Only when the password changed: a fresh bearer token. Every token signed before the change (this request's included) is revoked, so use this one to stay signed in. */
              token?: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN, WRONG_PASSWORD */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN" | "WRONG_PASSWORD";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: EMAIL_TAKEN */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "EMAIL_TAKEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Delete your account: personal data is anonymised, orders are kept
   * @description Every token of the account stops working and its open push connections end, on every server within seconds. Its follows go, and its drops end: upcoming ones are cancelled, a live one ends now.
   */
  deleteUser: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              deleted: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** List creators, newest first; `query` searches handles and names by word prefix */
  listCreators: {
    parameters: {
      query?: {
        query?: string;
        limit?: number;
        after?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  handle: string;
                  displayName: string;
                  bio: string;
                  /** Format: date-time */
                  createdAt: string;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Open your creator profile (handle, display name, bio) */
  becomeCreator: {
    requestBody: {
      content: {
        "application/json": {
          /** @description 3-30 letters, digits or _ */
          handle: string;
          displayName: string;
          bio?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              handle: string;
              displayName: string;
              bio: string;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: ALREADY_CREATOR, HANDLE_TAKEN */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "ALREADY_CREATOR" | "HANDLE_TAKEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Edit your creator profile (409 HANDLE_TAKEN, 404 when you have none) */
  updateMyCreatorProfile: {
    requestBody: {
      content: {
        "application/json": {
          /** @description 3-30 letters, digits or _ */
          handle?: string;
          displayName?: string;
          bio?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              handle: string;
              displayName: string;
              bio: string;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: HANDLE_TAKEN */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "HANDLE_TAKEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A creator's profile with follower and following counts */
  getCreator: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              handle: string;
              displayName: string;
              bio: string;
              /** Format: date-time */
              createdAt: string;
            } & {
              followerCount: number;
              followingCount: number;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Edit a creator profile: the owner only (403 otherwise, 409 HANDLE_TAKEN) */
  updateCreatorProfile: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description 3-30 letters, digits or _ */
          handle?: string;
          displayName?: string;
          bio?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              handle: string;
              displayName: string;
              bio: string;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: HANDLE_TAKEN */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "HANDLE_TAKEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Mail a password reset link; always 202, whether or not the email has an account
   * @description The mail links to `PUBLIC_URL/reset-password?token=...`; the token works once, for an hour (PASSWORD_RESET_TTL_MS). Limited per email and per client address (429).
   */
  requestPasswordReset: {
    requestBody: {
      content: {
        "application/json": {
          /** @description The account's email */
          email: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /** @enum {boolean} */
              requested: true;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Set a new password with the token from the reset mail (once)
   * @description Every token of the account signed before is revoked (its sessions end on every server within seconds) and every other open reset link stops working. A used, expired or unknown token is a 400.
   */
  confirmPasswordReset: {
    requestBody: {
      content: {
        "application/json": {
          /** @description The token from the reset mail's link */
          token: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /** @enum {boolean} */
              reset: true;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Follow a creator (seed form; `userId`, when sent, must be the caller) */
  follow: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          creatorId: string;
          /**
           * Format: uuid
           * @description A UUID
           */
          userId?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              following: boolean;
            };
          };
        };
      };
      /** @description Refused: SELF_FOLLOW, VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "SELF_FOLLOW" | "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Unfollow a creator (seed form; `userId`, when sent, must be the caller) */
  unfollow: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          creatorId: string;
          /**
           * Format: uuid
           * @description A UUID
           */
          userId?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              following: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Follow the creator in the path */
  followCreator: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              following: boolean;
            };
          };
        };
      };
      /** @description Refused: SELF_FOLLOW, VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "SELF_FOLLOW" | "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Unfollow the creator in the path */
  unfollowCreator: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              following: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A creator's followers, newest first */
  listFollowers: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  name: string;
                  /** Format: date-time */
                  followedAt: string;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Seed 000's REST fallback: the same operation as GET /api/creators/:id/followers
   * @description A creator's followers, newest first
   */
  listFollowersSeed: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  name: string;
                  /** Format: date-time */
                  followedAt: string;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Creators a user follows, newest first */
  listFollowing: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  handle: string;
                  displayName: string;
                  /** Format: date-time */
                  followedAt: string;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Whether the user follows the creator: 200, or 404 when not */
  getFollow: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
        /** @description A UUID */
        creatorId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              following: boolean;
              /** Format: date-time */
              followedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Newest first; with `query`, best text match first (words of title and description, prefixes) */
  listProducts: {
    parameters: {
      query?: {
        /** @description Words of the title or description; the last may be a prefix */
        query?: string;
        /** @description A UUID */
        creatorId?: string;
        limit?: number;
        after?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  creatorId: string;
                  title: string;
                  description: string;
                  /** @description Integer minor units of `currency` */
                  priceCents: number;
                  currency: string;
                  imageUrls: string[];
                  /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
                  images: {
                      /**
                       * Format: uuid
                       * @description A UUID
                       */
                      id: string;
                      /** @description The largest rendition (WebP, at most 1280 px wide) */
                      url: string;
                      /** @description Of the image at `url`, in pixels */
                      width: number;
                      /** @description Of the image at `url`, in pixels */
                      height: number;
                      /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                      srcset: string;
                    }[];
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Not modified: the ETag still matches */
      304: {
        content: never;
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Create a product (creators only) */
  createProduct: {
    requestBody: {
      content: {
        "application/json": {
          title: string;
          description?: string;
          /** @description Price in integer minor units of `currency` (cents for USD, yen for JPY) */
          priceCents: number;
          /** @description ISO 4217 code, e.g. USD; prices are in its minor units */
          currency: string;
          imageUrls?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              title: string;
              description: string;
              /** @description Integer minor units of `currency` */
              priceCents: number;
              currency: string;
              imageUrls: string[];
              /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
              images: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /** @description The largest rendition (WebP, at most 1280 px wide) */
                  url: string;
                  /** @description Of the image at `url`, in pixels */
                  width: number;
                  /** @description Of the image at `url`, in pixels */
                  height: number;
                  /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                  srcset: string;
                }[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A product */
  getProduct: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              title: string;
              description: string;
              /** @description Integer minor units of `currency` */
              priceCents: number;
              currency: string;
              imageUrls: string[];
              /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
              images: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /** @description The largest rendition (WebP, at most 1280 px wide) */
                  url: string;
                  /** @description Of the image at `url`, in pixels */
                  width: number;
                  /** @description Of the image at `url`, in pixels */
                  height: number;
                  /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                  srcset: string;
                }[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Not modified: the ETag still matches */
      304: {
        content: never;
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Edit your product */
  updateProduct: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          title?: string;
          description?: string;
          /** @description Price in integer minor units of `currency` */
          priceCents?: number;
          /** @description ISO 4217 code, e.g. USD; prices are in its minor units */
          currency?: string;
          imageUrls?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              title: string;
              description: string;
              /** @description Integer minor units of `currency` */
              priceCents: number;
              currency: string;
              imageUrls: string[];
              /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
              images: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /** @description The largest rendition (WebP, at most 1280 px wide) */
                  url: string;
                  /** @description Of the image at `url`, in pixels */
                  width: number;
                  /** @description Of the image at `url`, in pixels */
                  height: number;
                  /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                  srcset: string;
                }[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Soft-delete a product; refused while it has an upcoming or live drop */
  deleteProduct: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              deleted: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CONFLICT */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CONFLICT";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A creator's products, newest first */
  listCreatorProducts: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  creatorId: string;
                  title: string;
                  description: string;
                  /** @description Integer minor units of `currency` */
                  priceCents: number;
                  currency: string;
                  imageUrls: string[];
                  /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
                  images: {
                      /**
                       * Format: uuid
                       * @description A UUID
                       */
                      id: string;
                      /** @description The largest rendition (WebP, at most 1280 px wide) */
                      url: string;
                      /** @description Of the image at `url`, in pixels */
                      width: number;
                      /** @description Of the image at `url`, in pixels */
                      height: number;
                      /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                      srcset: string;
                    }[];
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Not modified: the ETag still matches */
      304: {
        content: never;
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Drops by status: upcoming (soonest start first), live (soonest end first), ended (latest end first) */
  listDrops: {
    parameters: {
      query?: {
        status?: "upcoming" | "live" | "ended";
        /** @description A UUID */
        creatorId?: string;
        limit?: number;
        after?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: ({
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  productId: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  creatorId: string;
                  /** @description Derived from the clock: upcoming before startsAt, live until endsAt, then ended. A drop cancelled before it started is `cancelled` and appears in no list; cancelling a live drop ends it early. */
                  status: "upcoming" | "live" | "ended" | "cancelled";
                  /** @description No stock is available (some may still be reserved); with variants: none of them has any */
                  soldOut: boolean;
                  /** Format: date-time */
                  startsAt: string;
                  /** Format: date-time */
                  endsAt: string;
                  /** Format: date-time */
                  cancelledAt: string | null;
                  /** @description What one unit costs in this drop, minor units */
                  priceCents: number;
                  currency: string;
                  priceOverrideCents: number | null;
                  lowStockThreshold: number;
                  perUserLimit: number | null;
                  /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
                  access: "open" | "queue" | "raffle";
                  admitPerSecond: number;
                  passTtlSeconds: number;
                  botProtection: boolean;
                  /** @description With variants: the sum of theirs */
                  stock: {
                    initial: number;
                    available: number;
                    reserved: number;
                    sold: number;
                  };
                  /** @description The variants in the creator's order; null for a drop sold as one stock */
                  variants: {
                      /**
                       * Format: uuid
                       * @description A UUID
                       */
                      id: string;
                      name: string;
                      stock: {
                        initial: number;
                        available: number;
                        reserved: number;
                        sold: number;
                      };
                      /** @description No unit of this variant is available */
                      soldOut: boolean;
                    }[] | null;
                  /** @description Countries it ships to (orders need a shippingAddress); null when it does not ship */
                  shipsTo: string[] | null;
                  /** @description Charged once per order; null when it does not ship */
                  shippingFeeCents: number | null;
                  product: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    title: string;
                    imageUrl: string | null;
                    /** @description The product's uploaded images */
                    images: {
                        /**
                         * Format: uuid
                         * @description A UUID
                         */
                        id: string;
                        /** @description The largest rendition (WebP, at most 1280 px wide) */
                        url: string;
                        /** @description Of the image at `url`, in pixels */
                        width: number;
                        /** @description Of the image at `url`, in pixels */
                        height: number;
                        /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                        srcset: string;
                      }[];
                    priceCents: number;
                    currency: string;
                  };
                  /**
                   * Format: date-time
                   * @description Raffle: entries close, the draw runs
                   */
                  entriesCloseAt?: string;
                  /** @description Raffle: how long a winner's claim lasts */
                  claimTtlSeconds?: number;
                  /** @description Raffle: hex SHA-256 of the secret seed's 64 characters, published from creation */
                  drawCommitment?: string;
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                })[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Not modified: the ETag still matches */
      304: {
        content: never;
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Schedule a drop of your product: a start, an end and the stock */
  createDrop: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          productId: string;
          /** Format: date-time */
          startsAt: string;
          /** Format: date-time */
          endsAt: string;
          /** @description Units on sale; a drop sold in variants sends `variants` instead (exactly one of them) */
          initialStock?: number;
          /** @description Sell in variants (sizes, colours), each with its own stock, instead of initialStock */
          variants?: {
              /** @description e.g. S, M, L; unique in the drop (whatever the case) */
              name: string;
              /** @description Units of this variant on sale */
              stock: number;
            }[];
          /** @description Countries the drop ships to (ISO 3166-1 alpha-2); every order then needs a shippingAddress */
          shipsTo?: string[];
          /** @description Charged once per order on a drop that ships, minor units (default 0) */
          shippingFeeCents?: number;
          lowStockThreshold?: number;
          perUserLimit?: number | null;
          /** @description Drop price in minor units of the product's currency */
          priceOverrideCents?: number | null;
          /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
          access?: "open" | "queue" | "raffle";
          /** @description Waiting room: tickets admitted per second */
          admitPerSecond?: number;
          /** @description Waiting room: how long a pass is good for */
          passTtlSeconds?: number;
          /** @description Joining and ordering need a solved proof-of-work challenge (X-Challenge) */
          botProtection?: boolean;
          /**
           * Format: date-time
           * @description Raffle only (required there): before startsAt
           */
          entriesCloseAt?: string;
          /** @description Raffle only: how long a winner's claim lasts (default 600) */
          claimTtlSeconds?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              productId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              /** @description Derived from the clock: upcoming before startsAt, live until endsAt, then ended. A drop cancelled before it started is `cancelled` and appears in no list; cancelling a live drop ends it early. */
              status: "upcoming" | "live" | "ended" | "cancelled";
              /** @description No stock is available (some may still be reserved); with variants: none of them has any */
              soldOut: boolean;
              /** Format: date-time */
              startsAt: string;
              /** Format: date-time */
              endsAt: string;
              /** Format: date-time */
              cancelledAt: string | null;
              /** @description What one unit costs in this drop, minor units */
              priceCents: number;
              currency: string;
              priceOverrideCents: number | null;
              lowStockThreshold: number;
              perUserLimit: number | null;
              /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
              access: "open" | "queue" | "raffle";
              admitPerSecond: number;
              passTtlSeconds: number;
              botProtection: boolean;
              /** @description With variants: the sum of theirs */
              stock: {
                initial: number;
                available: number;
                reserved: number;
                sold: number;
              };
              /** @description The variants in the creator's order; null for a drop sold as one stock */
              variants: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  name: string;
                  stock: {
                    initial: number;
                    available: number;
                    reserved: number;
                    sold: number;
                  };
                  /** @description No unit of this variant is available */
                  soldOut: boolean;
                }[] | null;
              /** @description Countries it ships to (orders need a shippingAddress); null when it does not ship */
              shipsTo: string[] | null;
              /** @description Charged once per order; null when it does not ship */
              shippingFeeCents: number | null;
              product: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                title: string;
                imageUrl: string | null;
                /** @description The product's uploaded images */
                images: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    /** @description The largest rendition (WebP, at most 1280 px wide) */
                    url: string;
                    /** @description Of the image at `url`, in pixels */
                    width: number;
                    /** @description Of the image at `url`, in pixels */
                    height: number;
                    /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                    srcset: string;
                  }[];
                priceCents: number;
                currency: string;
              };
              /**
               * Format: date-time
               * @description Raffle: entries close, the draw runs
               */
              entriesCloseAt?: string;
              /** @description Raffle: how long a winner's claim lasts */
              claimTtlSeconds?: number;
              /** @description Raffle: hex SHA-256 of the secret seed's 64 characters, published from creation */
              drawCommitment?: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A drop with its status and live stock (at most 1 s old) */
  getDrop: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              productId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              /** @description Derived from the clock: upcoming before startsAt, live until endsAt, then ended. A drop cancelled before it started is `cancelled` and appears in no list; cancelling a live drop ends it early. */
              status: "upcoming" | "live" | "ended" | "cancelled";
              /** @description No stock is available (some may still be reserved); with variants: none of them has any */
              soldOut: boolean;
              /** Format: date-time */
              startsAt: string;
              /** Format: date-time */
              endsAt: string;
              /** Format: date-time */
              cancelledAt: string | null;
              /** @description What one unit costs in this drop, minor units */
              priceCents: number;
              currency: string;
              priceOverrideCents: number | null;
              lowStockThreshold: number;
              perUserLimit: number | null;
              /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
              access: "open" | "queue" | "raffle";
              admitPerSecond: number;
              passTtlSeconds: number;
              botProtection: boolean;
              /** @description With variants: the sum of theirs */
              stock: {
                initial: number;
                available: number;
                reserved: number;
                sold: number;
              };
              /** @description The variants in the creator's order; null for a drop sold as one stock */
              variants: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  name: string;
                  stock: {
                    initial: number;
                    available: number;
                    reserved: number;
                    sold: number;
                  };
                  /** @description No unit of this variant is available */
                  soldOut: boolean;
                }[] | null;
              /** @description Countries it ships to (orders need a shippingAddress); null when it does not ship */
              shipsTo: string[] | null;
              /** @description Charged once per order; null when it does not ship */
              shippingFeeCents: number | null;
              product: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                title: string;
                imageUrl: string | null;
                /** @description The product's uploaded images */
                images: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    /** @description The largest rendition (WebP, at most 1280 px wide) */
                    url: string;
                    /** @description Of the image at `url`, in pixels */
                    width: number;
                    /** @description Of the image at `url`, in pixels */
                    height: number;
                    /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                    srcset: string;
                  }[];
                priceCents: number;
                currency: string;
              };
              /**
               * Format: date-time
               * @description Raffle: entries close, the draw runs
               */
              entriesCloseAt?: string;
              /** @description Raffle: how long a winner's claim lasts */
              claimTtlSeconds?: number;
              /** @description Raffle: hex SHA-256 of the secret seed's 64 characters, published from creation */
              drawCommitment?: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Not modified: the ETag still matches */
      304: {
        content: never;
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Edit a drop before it starts (409 DROP_NOT_EDITABLE after) */
  updateDrop: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** Format: date-time */
          startsAt?: string;
          /** Format: date-time */
          endsAt?: string;
          initialStock?: number;
          lowStockThreshold?: number;
          perUserLimit?: number | null;
          /** @description Drop price in minor units */
          priceOverrideCents?: number | null;
          /** @description Countries the drop ships to (ISO 3166-1 alpha-2); every order then needs a shippingAddress */
          shipsTo?: string[] | null;
          /** @description Charged once per order on a drop that ships, minor units (default 0) */
          shippingFeeCents?: number | null;
          /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
          access?: "open" | "queue" | "raffle";
          /** @description Waiting room: tickets admitted per second */
          admitPerSecond?: number;
          /** @description Waiting room: how long a pass is good for */
          passTtlSeconds?: number;
          /** @description Joining and ordering need a solved proof-of-work challenge (X-Challenge) */
          botProtection?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              productId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              /** @description Derived from the clock: upcoming before startsAt, live until endsAt, then ended. A drop cancelled before it started is `cancelled` and appears in no list; cancelling a live drop ends it early. */
              status: "upcoming" | "live" | "ended" | "cancelled";
              /** @description No stock is available (some may still be reserved); with variants: none of them has any */
              soldOut: boolean;
              /** Format: date-time */
              startsAt: string;
              /** Format: date-time */
              endsAt: string;
              /** Format: date-time */
              cancelledAt: string | null;
              /** @description What one unit costs in this drop, minor units */
              priceCents: number;
              currency: string;
              priceOverrideCents: number | null;
              lowStockThreshold: number;
              perUserLimit: number | null;
              /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
              access: "open" | "queue" | "raffle";
              admitPerSecond: number;
              passTtlSeconds: number;
              botProtection: boolean;
              /** @description With variants: the sum of theirs */
              stock: {
                initial: number;
                available: number;
                reserved: number;
                sold: number;
              };
              /** @description The variants in the creator's order; null for a drop sold as one stock */
              variants: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  name: string;
                  stock: {
                    initial: number;
                    available: number;
                    reserved: number;
                    sold: number;
                  };
                  /** @description No unit of this variant is available */
                  soldOut: boolean;
                }[] | null;
              /** @description Countries it ships to (orders need a shippingAddress); null when it does not ship */
              shipsTo: string[] | null;
              /** @description Charged once per order; null when it does not ship */
              shippingFeeCents: number | null;
              product: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                title: string;
                imageUrl: string | null;
                /** @description The product's uploaded images */
                images: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    /** @description The largest rendition (WebP, at most 1280 px wide) */
                    url: string;
                    /** @description Of the image at `url`, in pixels */
                    width: number;
                    /** @description Of the image at `url`, in pixels */
                    height: number;
                    /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                    srcset: string;
                  }[];
                priceCents: number;
                currency: string;
              };
              /**
               * Format: date-time
               * @description Raffle: entries close, the draw runs
               */
              entriesCloseAt?: string;
              /** @description Raffle: how long a winner's claim lasts */
              claimTtlSeconds?: number;
              /** @description Raffle: hex SHA-256 of the secret seed's 64 characters, published from creation */
              drawCommitment?: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: DROP_NOT_EDITABLE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "DROP_NOT_EDITABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Cancel an upcoming drop, or end a live one now */
  cancelDrop: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              productId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              /** @description Derived from the clock: upcoming before startsAt, live until endsAt, then ended. A drop cancelled before it started is `cancelled` and appears in no list; cancelling a live drop ends it early. */
              status: "upcoming" | "live" | "ended" | "cancelled";
              /** @description No stock is available (some may still be reserved); with variants: none of them has any */
              soldOut: boolean;
              /** Format: date-time */
              startsAt: string;
              /** Format: date-time */
              endsAt: string;
              /** Format: date-time */
              cancelledAt: string | null;
              /** @description What one unit costs in this drop, minor units */
              priceCents: number;
              currency: string;
              priceOverrideCents: number | null;
              lowStockThreshold: number;
              perUserLimit: number | null;
              /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
              access: "open" | "queue" | "raffle";
              admitPerSecond: number;
              passTtlSeconds: number;
              botProtection: boolean;
              /** @description With variants: the sum of theirs */
              stock: {
                initial: number;
                available: number;
                reserved: number;
                sold: number;
              };
              /** @description The variants in the creator's order; null for a drop sold as one stock */
              variants: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  name: string;
                  stock: {
                    initial: number;
                    available: number;
                    reserved: number;
                    sold: number;
                  };
                  /** @description No unit of this variant is available */
                  soldOut: boolean;
                }[] | null;
              /** @description Countries it ships to (orders need a shippingAddress); null when it does not ship */
              shipsTo: string[] | null;
              /** @description Charged once per order; null when it does not ship */
              shippingFeeCents: number | null;
              product: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                title: string;
                imageUrl: string | null;
                /** @description The product's uploaded images */
                images: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    /** @description The largest rendition (WebP, at most 1280 px wide) */
                    url: string;
                    /** @description Of the image at `url`, in pixels */
                    width: number;
                    /** @description Of the image at `url`, in pixels */
                    height: number;
                    /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                    srcset: string;
                  }[];
                priceCents: number;
                currency: string;
              };
              /**
               * Format: date-time
               * @description Raffle: entries close, the draw runs
               */
              entriesCloseAt?: string;
              /** @description Raffle: how long a winner's claim lasts */
              claimTtlSeconds?: number;
              /** @description Raffle: hex SHA-256 of the secret seed's 64 characters, published from creation */
              drawCommitment?: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Seed 000's REST fallback: the same operation as GET /api/drops
   * @description Drops by status: upcoming (soonest start first), live (soonest end first), ended (latest end first)
   */
  listDropsSeed: {
    parameters: {
      query?: {
        status?: "upcoming" | "live" | "ended";
        /** @description A UUID */
        creatorId?: string;
        limit?: number;
        after?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: ({
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  productId: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  creatorId: string;
                  /** @description Derived from the clock: upcoming before startsAt, live until endsAt, then ended. A drop cancelled before it started is `cancelled` and appears in no list; cancelling a live drop ends it early. */
                  status: "upcoming" | "live" | "ended" | "cancelled";
                  /** @description No stock is available (some may still be reserved); with variants: none of them has any */
                  soldOut: boolean;
                  /** Format: date-time */
                  startsAt: string;
                  /** Format: date-time */
                  endsAt: string;
                  /** Format: date-time */
                  cancelledAt: string | null;
                  /** @description What one unit costs in this drop, minor units */
                  priceCents: number;
                  currency: string;
                  priceOverrideCents: number | null;
                  lowStockThreshold: number;
                  perUserLimit: number | null;
                  /** @description open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order (set at creation only) */
                  access: "open" | "queue" | "raffle";
                  admitPerSecond: number;
                  passTtlSeconds: number;
                  botProtection: boolean;
                  /** @description With variants: the sum of theirs */
                  stock: {
                    initial: number;
                    available: number;
                    reserved: number;
                    sold: number;
                  };
                  /** @description The variants in the creator's order; null for a drop sold as one stock */
                  variants: {
                      /**
                       * Format: uuid
                       * @description A UUID
                       */
                      id: string;
                      name: string;
                      stock: {
                        initial: number;
                        available: number;
                        reserved: number;
                        sold: number;
                      };
                      /** @description No unit of this variant is available */
                      soldOut: boolean;
                    }[] | null;
                  /** @description Countries it ships to (orders need a shippingAddress); null when it does not ship */
                  shipsTo: string[] | null;
                  /** @description Charged once per order; null when it does not ship */
                  shippingFeeCents: number | null;
                  product: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    title: string;
                    imageUrl: string | null;
                    /** @description The product's uploaded images */
                    images: {
                        /**
                         * Format: uuid
                         * @description A UUID
                         */
                        id: string;
                        /** @description The largest rendition (WebP, at most 1280 px wide) */
                        url: string;
                        /** @description Of the image at `url`, in pixels */
                        width: number;
                        /** @description Of the image at `url`, in pixels */
                        height: number;
                        /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                        srcset: string;
                      }[];
                    priceCents: number;
                    currency: string;
                  };
                  /**
                   * Format: date-time
                   * @description Raffle: entries close, the draw runs
                   */
                  entriesCloseAt?: string;
                  /** @description Raffle: how long a winner's claim lasts */
                  claimTtlSeconds?: number;
                  /** @description Raffle: hex SHA-256 of the secret seed's 64 characters, published from creation */
                  drawCommitment?: string;
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                })[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Not modified: the ETag still matches */
      304: {
        content: never;
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Upload an image of your product (multipart field `file`)
   * @description JPEG, PNG or WebP, told by its bytes, up to 10 MB (413 beyond); anything else is a 400. The image is stored without its metadata (EXIF, GPS, XMP, ICC) and served as WebP at 320, 640 and 1280 px wide (never upscaled) at content-addressed URLs, cacheable for a year. At most 10 per product (409 LIMIT_EXCEEDED). The same file again answers 200 with the image it already is.
   */
  uploadProductImage: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "multipart/form-data": {
          /**
           * Format: binary
           * @description The file
           */
          file: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              image: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /** @description The largest rendition (WebP, at most 1280 px wide) */
                url: string;
                /** @description Of the image at `url`, in pixels */
                width: number;
                /** @description Of the image at `url`, in pixels */
                height: number;
                /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                srcset: string;
              };
              product: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                creatorId: string;
                title: string;
                description: string;
                /** @description Integer minor units of `currency` */
                priceCents: number;
                currency: string;
                imageUrls: string[];
                /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
                images: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    /** @description The largest rendition (WebP, at most 1280 px wide) */
                    url: string;
                    /** @description Of the image at `url`, in pixels */
                    width: number;
                    /** @description Of the image at `url`, in pixels */
                    height: number;
                    /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                    srcset: string;
                  }[];
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              };
            };
          };
        };
      };
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              image: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /** @description The largest rendition (WebP, at most 1280 px wide) */
                url: string;
                /** @description Of the image at `url`, in pixels */
                width: number;
                /** @description Of the image at `url`, in pixels */
                height: number;
                /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                srcset: string;
              };
              product: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                creatorId: string;
                title: string;
                description: string;
                /** @description Integer minor units of `currency` */
                priceCents: number;
                currency: string;
                imageUrls: string[];
                /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
                images: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    /** @description The largest rendition (WebP, at most 1280 px wide) */
                    url: string;
                    /** @description Of the image at `url`, in pixels */
                    width: number;
                    /** @description Of the image at `url`, in pixels */
                    height: number;
                    /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                    srcset: string;
                  }[];
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: LIMIT_EXCEEDED */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "LIMIT_EXCEEDED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Delete an uploaded image of your product */
  deleteProductImage: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
        /** @description A UUID */
        imageId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              creatorId: string;
              title: string;
              description: string;
              /** @description Integer minor units of `currency` */
              priceCents: number;
              currency: string;
              imageUrls: string[];
              /** @description Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls` */
              images: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /** @description The largest rendition (WebP, at most 1280 px wide) */
                  url: string;
                  /** @description Of the image at `url`, in pixels */
                  width: number;
                  /** @description Of the image at `url`, in pixels */
                  height: number;
                  /** @description Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>` */
                  srcset: string;
                }[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Reserve stock of a live drop; with paymentMethodId, pay and confirm in the same call
   * @description 201 with the order and stock; 402 PAYMENT_FAILED (order failed, stock released); 409 SOLD_OUT, DROP_NOT_LIVE, LIMIT_EXCEEDED, IDEMPOTENCY_IN_PROGRESS; 422 IDEMPOTENCY_KEY_REUSED; 403 NOT_A_WINNER (a raffle drop: only a winner holding an unexpired claim orders). A replay with the same key and body answers the first answer again. On a drop with variants variantId is required (400 without; 404 for a variant that is not the drop's) and SOLD_OUT is that variant's; on a drop that ships shippingAddress is required (400 without or malformed; 422 CANNOT_SHIP_TO outside its shipsTo) and total = unit price x quantity + shipping fee.
   */
  placeOrder: {
    parameters: {
      header: {
        /** @description Any unique string per intended operation (e.g. a UUID); a retry sends the same key */
        "idempotency-key": string;
        /** @description base64 of the JSON { algorithm, challenge, number, salt, signature } */
        "x-challenge"?: string;
        /** @description The pass of an admitted ticket */
        "x-drop-pass"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          dropId: string;
          /**
           * Format: uuid
           * @description Required on a drop with variants (400 without); refused on a drop without (400)
           */
          variantId?: string;
          /** @description Required on a drop that ships (400 without; 422 CANNOT_SHIP_TO outside its shipsTo) */
          shippingAddress?: {
            /** @description Recipient */
            name: string;
            line1: string;
            line2?: string;
            city: string;
            postalCode: string;
            /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
            country: string;
          };
          quantity?: number;
          /** @description Alias of quantity */
          qty?: number;
          /** @description pm_card_ok | pm_card_declined | pm_card_slow | pm_card_error */
          paymentMethodId?: string;
          /**
           * Format: uuid
           * @description A UUID
           */
          userId?: string;
          /**
           * Format: uuid
           * @description A UUID
           */
          productId?: string;
          /** @description The pass of an admitted ticket */
          pass?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: IDEMPOTENCY_KEY_REQUIRED, VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "IDEMPOTENCY_KEY_REQUIRED" | "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYMENT_FAILED */
      402: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYMENT_FAILED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CHALLENGE_REQUIRED, FORBIDDEN, NOT_A_WINNER, PASS_EXPIRED, PASS_INVALID, PASS_REQUIRED, PASS_USED */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CHALLENGE_REQUIRED" | "FORBIDDEN" | "NOT_A_WINNER" | "PASS_EXPIRED" | "PASS_INVALID" | "PASS_REQUIRED" | "PASS_USED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: DROP_NOT_LIVE, IDEMPOTENCY_IN_PROGRESS, INVALID_STATE, LIMIT_EXCEEDED, SOLD_OUT */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "DROP_NOT_LIVE" | "IDEMPOTENCY_IN_PROGRESS" | "INVALID_STATE" | "LIMIT_EXCEEDED" | "SOLD_OUT";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CANNOT_SHIP_TO, IDEMPOTENCY_KEY_REUSED */
      422: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CANNOT_SHIP_TO" | "IDEMPOTENCY_KEY_REUSED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Seed 000's REST fallback: the same operation as POST /api/orders
   * @description Reserve stock of a live drop; with paymentMethodId, pay and confirm in the same call
   *
   * 201 with the order and stock; 402 PAYMENT_FAILED (order failed, stock released); 409 SOLD_OUT, DROP_NOT_LIVE, LIMIT_EXCEEDED, IDEMPOTENCY_IN_PROGRESS; 422 IDEMPOTENCY_KEY_REUSED; 403 NOT_A_WINNER (a raffle drop: only a winner holding an unexpired claim orders). A replay with the same key and body answers the first answer again. On a drop with variants variantId is required (400 without; 404 for a variant that is not the drop's) and SOLD_OUT is that variant's; on a drop that ships shippingAddress is required (400 without or malformed; 422 CANNOT_SHIP_TO outside its shipsTo) and total = unit price x quantity + shipping fee.
   */
  placeOrderSeed: {
    parameters: {
      header: {
        /** @description Any unique string per intended operation (e.g. a UUID); a retry sends the same key */
        "idempotency-key": string;
        /** @description base64 of the JSON { algorithm, challenge, number, salt, signature } */
        "x-challenge"?: string;
        /** @description The pass of an admitted ticket */
        "x-drop-pass"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          dropId: string;
          /**
           * Format: uuid
           * @description Required on a drop with variants (400 without); refused on a drop without (400)
           */
          variantId?: string;
          /** @description Required on a drop that ships (400 without; 422 CANNOT_SHIP_TO outside its shipsTo) */
          shippingAddress?: {
            /** @description Recipient */
            name: string;
            line1: string;
            line2?: string;
            city: string;
            postalCode: string;
            /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
            country: string;
          };
          quantity?: number;
          /** @description Alias of quantity */
          qty?: number;
          /** @description pm_card_ok | pm_card_declined | pm_card_slow | pm_card_error */
          paymentMethodId?: string;
          /**
           * Format: uuid
           * @description A UUID
           */
          userId?: string;
          /**
           * Format: uuid
           * @description A UUID
           */
          productId?: string;
          /** @description The pass of an admitted ticket */
          pass?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: IDEMPOTENCY_KEY_REQUIRED, VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "IDEMPOTENCY_KEY_REQUIRED" | "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYMENT_FAILED */
      402: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYMENT_FAILED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CHALLENGE_REQUIRED, FORBIDDEN, NOT_A_WINNER, PASS_EXPIRED, PASS_INVALID, PASS_REQUIRED, PASS_USED */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CHALLENGE_REQUIRED" | "FORBIDDEN" | "NOT_A_WINNER" | "PASS_EXPIRED" | "PASS_INVALID" | "PASS_REQUIRED" | "PASS_USED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: DROP_NOT_LIVE, IDEMPOTENCY_IN_PROGRESS, INVALID_STATE, LIMIT_EXCEEDED, SOLD_OUT */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "DROP_NOT_LIVE" | "IDEMPOTENCY_IN_PROGRESS" | "INVALID_STATE" | "LIMIT_EXCEEDED" | "SOLD_OUT";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CANNOT_SHIP_TO, IDEMPOTENCY_KEY_REUSED */
      422: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CANNOT_SHIP_TO" | "IDEMPOTENCY_KEY_REUSED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** One of your orders */
  getOrder: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              userId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              quantity: number;
              unitPriceCents: number;
              /** @description unitPriceCents x quantity + shippingFeeCents */
              totalCents: number;
              currency: string;
              status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
              /**
               * Format: uuid
               * @description The variant ordered; null without
               */
              variantId?: string | null;
              /** @description Charged once per order; 0 when the drop does not ship */
              shippingFeeCents?: number;
              /** @description Where it ships (the buyer sees it); null when it does not */
              shippingAddress?: {
                /** @description Recipient */
                name: string;
                line1: string;
                line2?: string;
                city: string;
                postalCode: string;
                /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                country: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              /**
               * Format: date-time
               * @description When an unpaid reservation is released
               */
              expiresAt: string;
              /** @description Who carries the parcel, as the creator wrote it */
              carrier?: string;
              /** @description The carrier's tracking number */
              trackingNumber?: string;
              /**
               * Format: date-time
               * @description When it was marked shipped
               */
              fulfilledAt?: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Cancel: a pending order releases its stock; a confirmed one is refunded and its stock returns */
  cancelOrder: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYMENT_FAILED */
      402: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYMENT_FAILED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Your orders, newest first */
  listOrders: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: ({
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  userId: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  dropId: string;
                  quantity: number;
                  unitPriceCents: number;
                  /** @description unitPriceCents x quantity + shippingFeeCents */
                  totalCents: number;
                  currency: string;
                  status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                  /**
                   * Format: uuid
                   * @description The variant ordered; null without
                   */
                  variantId?: string | null;
                  /** @description Charged once per order; 0 when the drop does not ship */
                  shippingFeeCents?: number;
                  /** @description Where it ships (the buyer sees it); null when it does not */
                  shippingAddress?: {
                    /** @description Recipient */
                    name: string;
                    line1: string;
                    line2?: string;
                    city: string;
                    postalCode: string;
                    /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                    country: string;
                  } | null;
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                  /**
                   * Format: date-time
                   * @description When an unpaid reservation is released
                   */
                  expiresAt: string;
                  /** @description Who carries the parcel, as the creator wrote it */
                  carrier?: string;
                  /** @description The carrier's tracking number */
                  trackingNumber?: string;
                  /**
                   * Format: date-time
                   * @description When it was marked shipped
                   */
                  fulfilledAt?: string;
                })[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Pay a pending order: 201 confirmed, or 402 PAYMENT_FAILED (order failed, stock released) */
  payOrder: {
    parameters: {
      header: {
        /** @description Any unique string per intended operation (e.g. a UUID); a retry sends the same key */
        "idempotency-key": string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          orderId: string;
          /** @description pm_card_ok | pm_card_declined | pm_card_slow | pm_card_error */
          method?: string;
          /** @description pm_card_ok | pm_card_declined | pm_card_slow | pm_card_error */
          paymentMethodId?: string;
          /** @description Must equal the order total (minor units) */
          amount?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: IDEMPOTENCY_KEY_REQUIRED, VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "IDEMPOTENCY_KEY_REQUIRED" | "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYMENT_FAILED */
      402: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYMENT_FAILED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: IDEMPOTENCY_IN_PROGRESS, INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "IDEMPOTENCY_IN_PROGRESS" | "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: IDEMPOTENCY_KEY_REUSED */
      422: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "IDEMPOTENCY_KEY_REUSED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A payment of one of your orders */
  getPayment: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              orderId: string;
              amountCents: number;
              currency: string;
              method: string;
              status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
              failureCode: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** The drop's orders, newest first (its creator only) */
  listDropOrders: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
        status?: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: ({
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  buyer: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    name: string;
                  };
                  /** @description The variant ordered; null for a drop without variants */
                  variant: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    name: string;
                  } | null;
                  quantity: number;
                  totalCents: number;
                  currency: string;
                  status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                  /** @description Where to ship; null for a drop that ships nothing */
                  shippingAddress: {
                    name: string;
                    line1: string;
                    line2?: string;
                    city: string;
                    postalCode: string;
                    /** @description ISO 3166-1 alpha-2 */
                    country: string;
                    [key: string]: unknown;
                  } | null;
                  /** Format: date-time */
                  createdAt: string;
                  /** @description Who carries the parcel, as the creator wrote it */
                  carrier?: string;
                  /** @description The carrier's tracking number */
                  trackingNumber?: string;
                  /**
                   * Format: date-time
                   * @description When it was marked shipped
                   */
                  fulfilledAt?: string;
                })[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Every order of the drop as CSV, streamed (its creator only)
   * @description Columns: order_id, created_at, status, buyer_id, buyer_name, variant_id, variant_name, quantity, total_cents, currency, ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, carrier, tracking_number, fulfilled_at. Text cells starting with = + - @ are prefixed with '.
   */
  exportDropOrders: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description text/csv: a header line, then one line per order, newest first */
      200: {
        content: {
          "text/csv": string;
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Units and revenue of the drop's paid orders over time, per variant (its creator only) */
  dropSales: {
    parameters: {
      query?: {
        /** @description The width of each point (UTC) */
        bucket?: "hour" | "day";
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              bucket: "hour" | "day";
              currency: string;
              totals: {
                /** @description Units sold */
                units: number;
                /** @description What buyers paid, minor units */
                revenueCents: number;
                orders: number;
              };
              /** @description One series per variant, each point a bucket with sales (empty buckets left out) */
              series: ({
                  /** @description The variant; null: the whole drop (a drop without variants) */
                  variant: {
                    /**
                     * Format: uuid
                     * @description A UUID
                     */
                    id: string;
                    name: string;
                  } | null;
                  totals: {
                    /** @description Units sold */
                    units: number;
                    /** @description What buyers paid, minor units */
                    revenueCents: number;
                  };
                  points: {
                      /** Format: date-time */
                      at: string;
                      /** @description Units sold */
                      units: number;
                      /** @description What buyers paid, minor units */
                      revenueCents: number;
                    }[];
                })[];
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Mark a confirmed order of your drop shipped; the buyer is told (order.fulfilled)
   * @description 409 INVALID_STATE when the order is not confirmed; 404 when it is not an order of your drops.
   */
  fulfilOrder: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Who carries the parcel, e.g. DHL */
          carrier: string;
          /** @description The carrier's tracking number */
          trackingNumber: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              userId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              quantity: number;
              unitPriceCents: number;
              /** @description unitPriceCents x quantity + shippingFeeCents */
              totalCents: number;
              currency: string;
              status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
              /**
               * Format: uuid
               * @description The variant ordered; null without
               */
              variantId?: string | null;
              /** @description Charged once per order; 0 when the drop does not ship */
              shippingFeeCents?: number;
              /** @description Where it ships (the buyer sees it); null when it does not */
              shippingAddress?: {
                /** @description Recipient */
                name: string;
                line1: string;
                line2?: string;
                city: string;
                postalCode: string;
                /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                country: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              /**
               * Format: date-time
               * @description When an unpaid reservation is released
               */
              expiresAt: string;
              /** @description Who carries the parcel, as the creator wrote it */
              carrier?: string;
              /** @description The carrier's tracking number */
              trackingNumber?: string;
              /**
               * Format: date-time
               * @description When it was marked shipped
               */
              fulfilledAt?: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Refund a confirmed or fulfilled order of your drop; the buyer is told (order.refunded)
   * @description Once: a second refund is 409 INVALID_STATE. A confirmed order's units return to stock; a fulfilled (shipped) order's stay sold. 402 PAYMENT_FAILED when the provider refused the refund.
   */
  refundOrder: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYMENT_FAILED */
      402: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYMENT_FAILED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Reserve stock for a user: a pending order (the reservation) */
  reserveStock: {
    parameters: {
      header?: {
        /** @description Any unique string per intended operation (e.g. a UUID); a retry sends the same key */
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          dropId: string;
          /**
           * Format: uuid
           * @description A UUID
           */
          userId: string;
          quantity: number;
          /**
           * Format: uuid
           * @description Required on a drop with variants (400 without); refused on a drop without (400)
           */
          variantId?: string;
          /** @description Required on a drop that ships (400 without; 422 CANNOT_SHIP_TO outside its shipsTo) */
          shippingAddress?: {
            /** @description Recipient */
            name: string;
            line1: string;
            line2?: string;
            city: string;
            postalCode: string;
            /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
            country: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN, NOT_A_WINNER */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN" | "NOT_A_WINNER";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: DROP_NOT_LIVE, IDEMPOTENCY_IN_PROGRESS, INVALID_STATE, LIMIT_EXCEEDED, SOLD_OUT */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "DROP_NOT_LIVE" | "IDEMPOTENCY_IN_PROGRESS" | "INVALID_STATE" | "LIMIT_EXCEEDED" | "SOLD_OUT";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CANNOT_SHIP_TO, IDEMPOTENCY_KEY_REUSED */
      422: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CANNOT_SHIP_TO" | "IDEMPOTENCY_KEY_REUSED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Release a pending reservation */
  releaseReservation: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          reservationId: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Confirm a pending reservation (reserved -> sold) */
  confirmReservation: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          reservationId: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Charge a pending order and confirm it, or release it on failure */
  chargeOrder: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          orderId: string;
          amount: number;
          /** @description pm_card_ok | pm_card_declined | pm_card_slow | pm_card_error */
          method: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYMENT_FAILED */
      402: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYMENT_FAILED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Refund a confirmed order's payment; its stock returns */
  refundPayment: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          paymentId: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              order: {
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                userId: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                dropId: string;
                quantity: number;
                unitPriceCents: number;
                /** @description unitPriceCents x quantity + shippingFeeCents */
                totalCents: number;
                currency: string;
                status: "pending_payment" | "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";
                /**
                 * Format: uuid
                 * @description The variant ordered; null without
                 */
                variantId?: string | null;
                /** @description Charged once per order; 0 when the drop does not ship */
                shippingFeeCents?: number;
                /** @description Where it ships (the buyer sees it); null when it does not */
                shippingAddress?: {
                  /** @description Recipient */
                  name: string;
                  line1: string;
                  line2?: string;
                  city: string;
                  postalCode: string;
                  /** @description ISO 3166-1 alpha-2, one of the drop's shipsTo */
                  country: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                /**
                 * Format: date-time
                 * @description When an unpaid reservation is released
                 */
                expiresAt: string;
                /** @description Who carries the parcel, as the creator wrote it */
                carrier?: string;
                /** @description The carrier's tracking number */
                trackingNumber?: string;
                /**
                 * Format: date-time
                 * @description When it was marked shipped
                 */
                fulfilledAt?: string;
              };
              payment: ({
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                id: string;
                /**
                 * Format: uuid
                 * @description A UUID
                 */
                orderId: string;
                amountCents: number;
                currency: string;
                method: string;
                status: "processing" | "succeeded" | "failed" | "error" | "voided" | "refunding" | "refunded";
                failureCode: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }) | null;
              /** @description The stock the order drew from right after it: the drop's, or its variant's */
              stock: {
                available: number;
                reserved: number;
                sold: number;
                initial: number;
              } | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYMENT_FAILED */
      402: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYMENT_FAILED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Your inbox, newest first (drop events of followed creators, your orders, messages) */
  listNotifications: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
        unread?: boolean;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  eventId: string;
                  type: string;
                  data: {
                    [key: string]: unknown;
                  };
                  /** Format: date-time */
                  createdAt: string;
                  read: boolean;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** How many inbox items are unread */
  countUnreadNotifications: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              unread: number;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Mark every inbox item read */
  markAllNotificationsRead: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              unread: number;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Mark one inbox item read */
  markNotificationRead: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /** @enum {boolean} */
              read: true;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Send a notification to a user (service token only) */
  sendNotification: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uuid
           * @description A UUID
           */
          userId: string;
          type: string;
          payload?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              eventId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              userId: string;
              type: string;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Your endpoints, newest first (secrets are never shown again) */
  listWebhooks: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: ({
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  url: string;
                  events: string[];
                  enabled: boolean;
                  /** Format: date-time */
                  failingSince: string | null;
                  /** Format: date-time */
                  disabledAt: string | null;
                  /** Format: date-time */
                  createdAt: string;
                })[];
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Register an endpoint for your drops' and orders' events; the answer shows its secret, once */
  createWebhook: {
    requestBody: {
      content: {
        "application/json": {
          /** @description https (or http) URL to POST events to */
          url: string;
          events: ("order.confirmed" | "order.failed" | "order.expired" | "order.cancelled" | "order.fulfilled" | "order.refunded" | "drop.scheduled" | "drop.started" | "drop.ending_soon" | "drop.ended" | "drop.cancelled" | "drop.sold_out" | "stock.low" | "*")[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: ({
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              url: string;
              events: string[];
              enabled: boolean;
              /** Format: date-time */
              failingSince: string | null;
              /** Format: date-time */
              disabledAt: string | null;
              /** Format: date-time */
              createdAt: string;
            }) & {
              /** @description HMAC key of the signatures; shown only now */
              secret: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: LIMIT_EXCEEDED */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "LIMIT_EXCEEDED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** One of your endpoints */
  getWebhook: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              url: string;
              events: string[];
              enabled: boolean;
              /** Format: date-time */
              failingSince: string | null;
              /** Format: date-time */
              disabledAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Change an endpoint's URL or events, or enable it again after it was disabled */
  updateWebhook: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description https (or http) URL to POST events to */
          url?: string;
          events?: ("order.confirmed" | "order.failed" | "order.expired" | "order.cancelled" | "order.fulfilled" | "order.refunded" | "drop.scheduled" | "drop.started" | "drop.ending_soon" | "drop.ended" | "drop.cancelled" | "drop.sold_out" | "stock.low" | "*")[];
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              url: string;
              events: string[];
              enabled: boolean;
              /** Format: date-time */
              failingSince: string | null;
              /** Format: date-time */
              disabledAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Delete an endpoint and its delivery log */
  deleteWebhook: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /** @enum {boolean} */
              deleted: true;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** An endpoint's delivery log, newest first: status, attempts, last response code */
  listWebhookDeliveries: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: ({
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  id: string;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  eventId: string;
                  eventType: string;
                  status: "pending" | "delivered" | "failed";
                  attempts: number;
                  lastStatusCode: number | null;
                  lastError: string | null;
                  /** Format: date-time */
                  lastAttemptAt: string | null;
                  /** Format: date-time */
                  nextAttemptAt: string | null;
                  /** Format: date-time */
                  deliveredAt: string | null;
                  /** Format: date-time */
                  createdAt: string;
                })[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Send a delivery again now (same event id and body, a fresh signature and retry window) */
  redeliverWebhook: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
        /** @description A UUID */
        deliveryId: string;
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              id: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              eventId: string;
              eventType: string;
              status: "pending" | "delivered" | "failed";
              attempts: number;
              lastStatusCode: number | null;
              lastError: string | null;
              /** Format: date-time */
              lastAttemptAt: string | null;
              /** Format: date-time */
              nextAttemptAt: string | null;
              /** Format: date-time */
              deliveredAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Whether you asked to be reminded of the drop */
  getDropReminder: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              reminder: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Ask for `drop.reminder` shortly before the drop starts (push, inbox); asking twice is a no-op */
  setDropReminder: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              reminder: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Cancel your reminder for the drop; cancelling twice is a no-op */
  cancelDropReminder: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              reminder: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** A fresh ALTCHA proof-of-work challenge (the bare object, no envelope); solve it and send the solution as X-Challenge to join a queue or order on a protected drop. Good for 5 minutes, once. */
  getChallenge: {
    responses: {
      /** @description Find number with SHA-256(salt + number) = challenge */
      200: {
        content: {
          "application/json": {
            /** @enum {string} */
            algorithm: "SHA-256";
            /** @description Hex SHA-256 of salt + the secret number */
            challenge: string;
            /** @description The secret number is below this */
            maxnumber: number;
            /** @description Carries the expiry (?expires=<unix seconds>&) */
            salt: string;
            /** @description HMAC of challenge: proves it is ours */
            signature: string;
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Join the drop's waiting room (opens 15 minutes before the start); joining again answers the same ticket. On a protected drop send X-Challenge. */
  joinDropQueue: {
    parameters: {
      header?: {
        /** @description base64 of the JSON { algorithm, challenge, number, salt, signature } */
        "x-challenge"?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              ticketId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              /** @description waiting in line; admitted (holds a pass); used (the pass bought); expired (the pass ran out); closed (the drop sold out or ended before this ticket's turn) */
              state: "waiting" | "admitted" | "used" | "expired" | "closed";
              /** @description Fixed place in line from 1; null for an early joiner until startsAt (the random draw) */
              position: number | null;
              /** @description Tickets before this one still waiting; null before the draw */
              ahead: number | null;
              /** @description Roughly when this ticket is admitted, while waiting in line */
              etaSeconds: number | null;
              /** @description When polling again is worth it; null once there is nothing to wait for */
              retryAfterMs: number | null;
              /** @description When admitted: send as X-Drop-Pass (or pass) to order */
              pass?: string;
              /** Format: date-time */
              passExpiresAt?: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CHALLENGE_REQUIRED */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CHALLENGE_REQUIRED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE, QUEUE_CLOSED, QUEUE_NOT_OPEN */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE" | "QUEUE_CLOSED" | "QUEUE_NOT_OPEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Your ticket in the drop's waiting room: state, position, ahead, ETA, and the pass once admitted */
  getMyDropTicket: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              ticketId: string;
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              /** @description waiting in line; admitted (holds a pass); used (the pass bought); expired (the pass ran out); closed (the drop sold out or ended before this ticket's turn) */
              state: "waiting" | "admitted" | "used" | "expired" | "closed";
              /** @description Fixed place in line from 1; null for an early joiner until startsAt (the random draw) */
              position: number | null;
              /** @description Tickets before this one still waiting; null before the draw */
              ahead: number | null;
              /** @description Roughly when this ticket is admitted, while waiting in line */
              etaSeconds: number | null;
              /** @description When polling again is worth it; null once there is nothing to wait for */
              retryAfterMs: number | null;
              /** @description When admitted: send as X-Drop-Pass (or pass) to order */
              pass?: string;
              /** Format: date-time */
              passExpiresAt?: string;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INVALID_STATE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INVALID_STATE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Enter the drop's raffle, once per account: entering again answers the same entry. On a protected drop send X-Challenge. */
  enterRaffle: {
    parameters: {
      header?: {
        /** @description base64 of the JSON { algorithm, challenge, number, salt, signature } */
        "x-challenge"?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              entryId: string;
              /** @description entered until the draw; then won (holding a claim) or lost; a winner who orders is claimed, one whose claim ran out unused is forfeited (the claim passes to the next-ranked entry, which becomes won) */
              state: "entered" | "won" | "lost" | "claimed" | "forfeited";
              /** @description From the draw on */
              rank: number | null;
              /**
               * Format: date-time
               * @description A winner's claim window opens (the drop's start, or when a forfeited claim passed to it)
               */
              claimStartsAt: string | null;
              /**
               * Format: date-time
               * @description A winner's claim window closes; order before it
               */
              claimExpiresAt: string | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: CHALLENGE_REQUIRED */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "CHALLENGE_REQUIRED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: ENTRIES_CLOSED, NOT_A_RAFFLE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "ENTRIES_CLOSED" | "NOT_A_RAFFLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Withdraw your entry before entries close; withdrawing twice is a no-op */
  withdrawFromRaffle: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              withdrawn: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: ENTRIES_CLOSED, NOT_A_RAFFLE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "ENTRIES_CLOSED" | "NOT_A_RAFFLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Your entry and its state (entered, won, lost, claimed, forfeited); 404 when you did not enter */
  getMyRaffleEntry: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              entryId: string;
              /** @description entered until the draw; then won (holding a claim) or lost; a winner who orders is claimed, one whose claim ran out unused is forfeited (the claim passes to the next-ranked entry, which becomes won) */
              state: "entered" | "won" | "lost" | "claimed" | "forfeited";
              /** @description From the draw on */
              rank: number | null;
              /**
               * Format: date-time
               * @description A winner's claim window opens (the drop's start, or when a forfeited claim passed to it)
               */
              claimStartsAt: string | null;
              /**
               * Format: date-time
               * @description A winner's claim window closes; order before it
               */
              claimExpiresAt: string | null;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_A_RAFFLE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_A_RAFFLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** The draw, once it ran: seed, commitment and counts, so anyone can check SHA-256(seed) = drawCommitment (409 DRAW_PENDING before: the seed stays secret) */
  getRaffleDraw: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: uuid
               * @description A UUID
               */
              dropId: string;
              /** @description Hex SHA-256 of the seed's 64 characters as UTF-8, published at the drop's creation */
              drawCommitment: string;
              /** @description The 32 random bytes drawn with, as 64 lowercase hex characters */
              seed: string;
              /** Format: date-time */
              drawnAt: string;
              /** @description Entries in the draw */
              entries: number;
              /** @description Entries that won at the draw (the ranking's head) */
              winners: number;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: DRAW_PENDING, NOT_A_RAFFLE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "DRAW_PENDING" | "NOT_A_RAFFLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Every entry in rank order (key = hex HMAC-SHA256(seed, entryId), ascending); the first `winners` won at the draw (409 DRAW_PENDING before) */
  getRaffleRanking: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              items: {
                  rank: number;
                  /**
                   * Format: uuid
                   * @description A UUID
                   */
                  entryId: string;
                }[];
              pageInfo: {
                hasNextPage: boolean;
                endCursor: string | null;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: DRAW_PENDING, NOT_A_RAFFLE */
      409: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "DRAW_PENDING" | "NOT_A_RAFFLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Key figures of the whole cluster (operators only: OPERATOR_EMAILS)
   * @description Requests and latency (overall and per route), cache hit ratio, refusals, orders, lock contention, follower-list latency, outbox lag, push connections and delivery latency, database pool and event loop, for every live process. Each process broadcasts its own /metrics on the bus every OPS_SAMPLE_MS, so any instance behind the load balancer answers for all; the web app's /ops page draws it live. Prometheus (deploy/prometheus) keeps the history.
   */
  getOpsMetrics: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /**
               * Format: date-time
               * @description When this answer was put together
               */
              sampledAt: string;
              /** @description How far back the per-second rates and recent p99s look (a few sampling intervals) */
              windowSeconds: number;
              /** @description Since the answering process started */
              uptimeSeconds: number;
              /** @description Every live process of the cluster (samples older than three intervals are dropped) */
              processes: {
                  /** @description host:pid */
                  instance: string;
                  /** @description serve, worker, or serve+worker (livedrop all) */
                  role: string;
                  /** @description Age of its last sample (0 for the answering process) */
                  ageSeconds: number;
                  /** @description Since it started */
                  uptimeSeconds: number;
                  /** @description HTTP requests it answered per second, recently */
                  requestsPerSecond: number;
                  /** @description Its recent p99 request latency (upper bucket bound) */
                  p99Seconds: number;
                  /** @description Open push connections it holds */
                  pushConnections: number;
                  /** @description Its event-loop lag p99 */
                  eventLoopLagP99Seconds: number;
                }[];
              requests: {
                /** @description HTTP requests answered since each process started, all processes */
                total: number;
                /** @description Of them, 5xx other than 503 (refusals with Retry-After) */
                serverErrors: number;
                /** @description Of them, 503: overload or a store away, to retry */
                refused503: number;
                /** @description Requests per second, recently */
                perSecond: number;
                /** @description 5xx other than 503 per second, recently */
                serverErrorsPerSecond: number;
                /** @description Recent p99 latency of all requests but long-lived streams (upper bucket bound) */
                p99Seconds: number;
              };
              /** @description The busiest routes, busiest first */
              routes: {
                  /** @description Method and route pattern */
                  route: string;
                  /** @description Requests since start */
                  requests: number;
                  /** @description Requests per second, recently */
                  perSecond: number;
                  /** @description Recent p99 latency (upper bucket bound) */
                  p99Seconds: number;
                }[];
              cache: {
                /** @description Response cache hits */
                hits: number;
                /** @description Response cache misses */
                misses: number;
                /** @description hits / (hits + misses) since start, 0 when none */
                hitRatio: number;
                /** @description The same over the recent window */
                recentHitRatio: number;
                /** @description Cache operations answered without the shared store (Redis away) */
                fallbacks: number;
              };
              refusals: {
                /** @description 429 RATE_LIMITED, all limits */
                rateLimited: number;
                /** @description 503 OVERLOADED by admission control (event loop) */
                overloaded: number;
                /** @description 503 OVERLOADED by the order queue's wait limit */
                ordersOverloaded: number;
                /** @description All three per second, recently */
                perSecond: number;
              };
              /** @description Order attempts by outcome */
              orders: {
                [key: string]: number;
              };
              /** @description Order attempts per second, all outcomes, recently */
              ordersPerSecond: number;
              locks: {
                /** @description PostgreSQL sessions waiting for a lock (sampled from pg_locks) */
                waitingSessions: number;
                /** @description The longest of those waits */
                longestWaitSeconds: number;
                /** @description p99 time a reservation batch holds the drop's stock row */
                hotRowP99Seconds: number;
                /** @description p99 time an order waits for its batch */
                queueWaitP99Seconds: number;
              };
              followerList: {
                /** @description Follower/following list reads since start */
                lists: number;
                /** @description Their recent p99 latency */
                p99Seconds: number;
              };
              outbox: {
                /** @description Age of the oldest unpublished event */
                lagSeconds: number;
                /** @description Events waiting for the relay */
                unpublished: number;
              };
              push: {
                /** @description Open push connections, all processes */
                connections: number;
                /** @description Events handed to sockets per second, recently */
                eventsPerSecond: number;
                /** @description p99 time a process takes to hand one event to all its sockets on the event's channels */
                deliveryP99Seconds: number;
              };
              dbPool: {
                /** @description Pooled connections, all processes */
                total: number;
                /** @description Idle ones */
                idle: number;
                /** @description Queries waiting for one */
                waiting: number;
              };
              eventLoop: {
                /** @description Event-loop lag p99, the worst process */
                lagP99Seconds: number;
              };
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Your notification preferences: email and Web Push, per event type */
  getPreferences: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /** @description Email per event type (true: on). Defaults: on for order events, reminders, raffles; off for drop.started. */
              email: {
                "order.confirmed": boolean;
                "order.cancelled": boolean;
                "order.fulfilled": boolean;
                "order.refunded": boolean;
                "order.failed": boolean;
                "order.expired": boolean;
                "drop.started": boolean;
                "drop.reminder": boolean;
                "raffle.won": boolean;
                "raffle.lost": boolean;
                "account.password_reset": boolean;
              };
              /** @description Web Push per event type (true: on). Defaults: on. */
              webPush: {
                "order.confirmed": boolean;
                "order.cancelled": boolean;
                "order.fulfilled": boolean;
                "order.refunded": boolean;
                "order.failed": boolean;
                "order.expired": boolean;
                "drop.started": boolean;
                "drop.reminder": boolean;
                "raffle.won": boolean;
                "raffle.lost": boolean;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Change some notification switches; answers all of them
   * @description Send only the switches to change, e.g. `{ "email": { "drop.started": true } }`. In-app push and the inbox always get everything.
   */
  updatePreferences: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Email per event type (true: on). Defaults: on for order events, reminders, raffles; off for drop.started. */
          email?: {
            "order.confirmed"?: boolean;
            "order.cancelled"?: boolean;
            "order.fulfilled"?: boolean;
            "order.refunded"?: boolean;
            "order.failed"?: boolean;
            "order.expired"?: boolean;
            "drop.started"?: boolean;
            "drop.reminder"?: boolean;
            "raffle.won"?: boolean;
            "raffle.lost"?: boolean;
            "account.password_reset"?: boolean;
          };
          /** @description Web Push per event type (true: on). Defaults: on. */
          webPush?: {
            "order.confirmed"?: boolean;
            "order.cancelled"?: boolean;
            "order.fulfilled"?: boolean;
            "order.refunded"?: boolean;
            "order.failed"?: boolean;
            "order.expired"?: boolean;
            "drop.started"?: boolean;
            "drop.reminder"?: boolean;
            "raffle.won"?: boolean;
            "raffle.lost"?: boolean;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /** @description Email per event type (true: on). Defaults: on for order events, reminders, raffles; off for drop.started. */
              email: {
                "order.confirmed": boolean;
                "order.cancelled": boolean;
                "order.fulfilled": boolean;
                "order.refunded": boolean;
                "order.failed": boolean;
                "order.expired": boolean;
                "drop.started": boolean;
                "drop.reminder": boolean;
                "raffle.won": boolean;
                "raffle.lost": boolean;
                "account.password_reset": boolean;
              };
              /** @description Web Push per event type (true: on). Defaults: on. */
              webPush: {
                "order.confirmed": boolean;
                "order.cancelled": boolean;
                "order.fulfilled": boolean;
                "order.refunded": boolean;
                "order.failed": boolean;
                "order.expired": boolean;
                "drop.started": boolean;
                "drop.reminder": boolean;
                "raffle.won": boolean;
                "raffle.lost": boolean;
              };
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** The VAPID public key browsers subscribe to Web Push with */
  getVapidKey: {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /** @description applicationServerKey for pushManager.subscribe (base64url) */
              publicKey: string;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Register this browser for Web Push (the PushSubscription's JSON)
   * @description Pushes follow your webPush preferences. An endpoint the push service reports gone (404/410) is removed; an account keeps its newest WEB_PUSH_MAX_SUBSCRIPTIONS.
   */
  addPushSubscription: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: uri
           * @description The push service URL (https)
           */
          endpoint: string;
          expirationTime?: number | null;
          keys: {
            /** @description The browser's P-256 key, base64url */
            p256dh: string;
            /** @description The auth secret, base64url */
            auth: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /** @enum {boolean} */
              subscribed: true;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Stop Web Push to this browser (its endpoint) */
  removePushSubscription: {
    parameters: {
      path: {
        /** @description A UUID */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          endpoint: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              removed: boolean;
            };
          };
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: PAYLOAD_TOO_LARGE */
      413: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "PAYLOAD_TOO_LARGE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNSUPPORTED_MEDIA_TYPE */
      415: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNSUPPORTED_MEDIA_TYPE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * The unsubscribe link for people: a page with a button (a GET changes nothing)
   * @description Link scanners and mail previews fetch links, so only the POST (the button, or the provider's one-click) turns mail off. The token is checked here too: a forged one is a 400.
   */
  unsubscribePage: {
    parameters: {
      query: {
        /** @description The signed token from the mail's link */
        token: string;
        /** @description html: answer a page for people (the confirm page's button); default json */
        format?: "json" | "html";
      };
    };
    responses: {
      /** @description A page for people */
      200: {
        content: {
          "text/html": string;
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * One-click unsubscribe (RFC 8058): turns the token's kind of mail off
   * @description The URL of every mail's `List-Unsubscribe` header; mail providers POST to it with the body `List-Unsubscribe=One-Click`, which is ignored (the signed token says who and what). A token that was not signed by this service is a 400.
   */
  unsubscribe: {
    parameters: {
      query: {
        /** @description The signed token from the mail's link */
        token: string;
        /** @description html: answer a page for people (the confirm page's button); default json */
        format?: "json" | "html";
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: true;
            data: {
              /** @enum {boolean} */
              unsubscribed: true;
              /** @description The event type whose mails are now off */
              kind: string;
            };
          };
        };
      };
      /** @description A page for people */
      201: {
        content: {
          "text/html": string;
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /**
   * Server-Sent Events: your push stream (the WebSocket /push fallback)
   * @description Authenticate with a bearer token or `?token=` (EventSource cannot set headers). `subscribe` adds drop channels from the start; on reconnect the stream resumes after `Last-Event-ID`.
   */
  streamNotifications: {
    parameters: {
      query?: {
        token?: string;
        /** @description A UUID */
        lastEventId?: string;
        subscribe?: string;
      };
      header?: {
        /** @description The id of the last event received: the stream replays what came after it */
        "last-event-id"?: string;
      };
    };
    responses: {
      /** @description A text/event-stream. Each event is `id: <uuid>` (replayable via Last-Event-ID), `event: <name>` and `data: <JSON>` with `{ id, type, createdAt, data }`. Names: welcome, order.confirmed, order.failed, order.expired, order.cancelled, order.fulfilled, order.refunded, drop.scheduled, drop.started, drop.ending_soon, drop.ended, drop.cancelled, drop.sold_out, stock.changed, stock.low, drop.reminder, raffle.won, raffle.lost, error, revoked, and the type of any message sent to the user (POST /internal/notifications/send). `welcome` opens the stream (`{ type, data: { userId, channels, resumed, complete } }`), `error` carries `{ type, error: { code, message } }`; `revoked` (`{ type, error: { code: UNAUTHENTICATED, message } }`) is the last event before the server ends a stream whose account was deleted or whose token was revoked (a password change): sign in again. Comment lines are heartbeats. */
      200: {
        content: {
          "text/event-stream": string;
        };
      };
      /** @description Refused: VALIDATION_ERROR */
      400: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "VALIDATION_ERROR";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: UNAUTHENTICATED */
      401: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "UNAUTHENTICATED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: FORBIDDEN */
      403: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "FORBIDDEN";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: NOT_FOUND */
      404: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "NOT_FOUND";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: RATE_LIMITED */
      429: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "RATE_LIMITED";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: INTERNAL */
      500: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "INTERNAL";
              message: string;
              details?: unknown;
            };
          };
        };
      };
      /** @description Refused: OVERLOADED, UNAVAILABLE */
      503: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            success: false;
            error: {
              /** @enum {string} */
              code: "OVERLOADED" | "UNAVAILABLE";
              message: string;
              details?: unknown;
            };
          };
        };
      };
    };
  };
  /** Run a GraphQL query sent in the query string */
  graphqlGet: {
    parameters: {
      query?: {
        query?: string;
        persisted?: boolean;
        operationName?: string | null;
        variables?: string;
        extensions?: string;
      };
    };
    responses: {
      /** @description Default Response */
      400: {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description RATE_LIMITED: an operation limit refused it; see Retry-After */
      429: {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description OVERLOADED: refused for capacity (admission control, the order queue); see Retry-After */
      503: {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      "2XX": {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  /** Run a GraphQL query or mutation (schema: GET /graphql?sdl) */
  graphql: {
    requestBody: {
      content: {
        "application/json": {
          query?: string;
          persisted?: boolean;
          operationName?: string | null;
          variables?: Record<string, unknown> | null;
          extensions?: Record<string, never>;
        };
      };
    };
    responses: {
      /** @description Default Response */
      400: {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description RATE_LIMITED: an operation limit refused it; see Retry-After */
      429: {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description OVERLOADED: refused for capacity (admission control, the order queue); see Retry-After */
      503: {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      "2XX": {
        content: {
          "application/json": {
            data?: {
              [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line?: number;
                    column?: number;
                  }[];
                path?: string[];
                extensions?: {
                  code?: string;
                  [key: string]: unknown;
                };
              }[];
            extensions?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
}
