// Generated from contracts/notifications.yaml by `turnout gen`. Never edited by hand.
export interface paths {
    "/notifications/deliveries/dead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries that failed their last attempt (every channel and user), newest first. */
        get: operations["listDeadDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/deliveries/{delivery_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a dead delivery again, with a fresh set of attempts.
         * @description A delivery that is not dead (queued, delivering, delivered or dropped) is 409.
         */
        post: operations["replayDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's in-app notifications, newest first (an admin may name any user).
         * @description `user_id` other than the caller's own is for admins only (403 for anyone else).
         *     `unread=true` lists only notifications not yet marked read.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/inbox/{notification_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notification_id: components["parameters"]["NotificationId"];
            };
            cookie?: never;
        };
        /** One of the caller's notifications (an admin may read any). */
        get: operations["getNotification"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/inbox/{notification_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notification_id: components["parameters"]["NotificationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of the caller's notifications read (again is harmless, it keeps the first time). */
        post: operations["markNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's channels, and per kind of notification the channels it goes to.
         * @description Until changed: in-app, email and webhooks on, SMS and push off; every kind goes to every
         *     channel that is on.
         */
        get: operations["getPreferences"];
        /**
         * Replace the caller's preferences.
         * @description `channels` switches each channel on or off for every kind. `kinds` names, per kind, the
         *     channels it goes to (of those switched on); a kind not named goes to every channel on.
         */
        put: operations["updatePreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a notification to one or many users (admins, and other plugins with a system context).
         * @description Answers 202 with the send, queued: the recipients' in-app notifications and the
         *     deliveries on their other channels are made by a durable job. Without `channels`, each
         *     recipient's preferences for the `kind` decide; with them, only those of the named
         *     channels the recipient has switched on. A repeated request with the same
         *     `Idempotency-Key` (per sender) returns the same send and sends nothing again; the same
         *     key with a different body is 409. User ids that name no user reach nobody.
         */
        post: operations["sendNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's notifications and job progress as they happen (Server-Sent Events).
         * @description A `text/event-stream` of the caller's items: in-app notifications (`notification`) and the
         *     progress of their jobs in every plugin (`<kind>.progress`, `<kind>.completed`,
         *     `<kind>.failed`, `<kind>.cancelled`, e.g. `simulation.progress`, `batch_score.completed`).
         *     Each item has an `id` that only grows. The stream first replays the items after
         *     `Last-Event-ID` (or `after`; without either it starts from now), then tails new ones, with a
         *     `: keep-alive` comment every 15 s; it ends after `duration` seconds (at most, and by default,
         *     the server's `live_stream_seconds`) with a `retry:` hint, and a client that reconnects with
         *     the last id it saw misses nothing and gets nothing twice (within `live_retention_seconds`).
         *     `duration=0` replays and ends at once.
         */
        get: operations["streamNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's webhooks, newest first (without their secrets). */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Register a webhook for the caller's notifications; its secret is shown only in this answer.
         * @description Without `secret`, one is generated. `kinds` limits the notifications sent to it (none:
         *     every kind). A URL that is not http(s) or whose host does not resolve to public addresses
         *     only is 422 (see the contract's description). A caller who already has as many webhooks
         *     as the platform allows (`max_webhooks_per_user`) is refused with 409.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete one of the caller's webhooks; deliveries to it not yet made are dropped. */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/webhooks/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        /** Every attempt to deliver to one of the caller's webhooks, newest first. */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/webhooks/{webhook_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a test delivery (kind `webhook.test`) to one of the caller's webhooks. */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "notifications.live_stored": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Live items were stored for these users (one item, or a fan-out chunk). */
        post: operations["notificationsLiveStored"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        Attempt: {
            /** Format: date-time */
            at: string;
            /** Format: uuid */
            delivery_id: string;
            duration_ms: number;
            error: string | null;
            /** Format: uuid */
            id: string;
            /** @description 1 for a delivery's first attempt (counting on after a replay). */
            number: number;
            /** @description The receiver's HTTP status; null when none came back. */
            status_code: number | null;
            succeeded: boolean;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "at": "2026-01-02T03:04:05Z",
         *           "delivery_id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
         *           "duration_ms": 12.5,
         *           "error": null,
         *           "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
         *           "number": 1,
         *           "status_code": 200,
         *           "succeeded": true
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        AttemptPage: {
            items: components["schemas"]["Attempt"][];
            page: components["schemas"]["PageInfo"];
        };
        /** @enum {string} */
        Channel: "in_app" | "email" | "sms" | "push" | "webhook";
        ChannelSwitches: {
            email: boolean;
            in_app: boolean;
            push: boolean;
            sms: boolean;
            webhook: boolean;
        };
        /**
         * @example {
         *       "attempts": 0,
         *       "channel": "webhook",
         *       "created_at": "2026-01-02T03:04:05Z",
         *       "finished_at": null,
         *       "id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
         *       "kind": "webhook.test",
         *       "last_error": null,
         *       "status": "queued",
         *       "user_id": "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b",
         *       "webhook_id": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918"
         *     }
         */
        Delivery: {
            attempts: number;
            channel: components["schemas"]["Channel"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            finished_at: string | null;
            /** Format: uuid */
            id: string;
            kind: string;
            last_error: string | null;
            status: components["schemas"]["DeliveryStatus"];
            /** Format: uuid */
            user_id: string;
            /** Format: uuid */
            webhook_id: string | null;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "attempts": 8,
         *           "channel": "webhook",
         *           "created_at": "2026-01-02T03:04:05Z",
         *           "finished_at": "2026-01-02T04:04:05Z",
         *           "id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
         *           "kind": "webhook.test",
         *           "last_error": "not a 2xx answer",
         *           "status": "dead",
         *           "user_id": "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b",
         *           "webhook_id": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918"
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        DeliveryPage: {
            items: components["schemas"]["Delivery"][];
            page: components["schemas"]["PageInfo"];
        };
        /** @enum {string} */
        DeliveryStatus: "queued" | "delivering" | "delivered" | "dead" | "dropped";
        /** @description One violation of a request's constraints; a refused body lists every one. */
        FieldError: {
            /** @description The same place as a dotted name (`assets.0.weight`). */
            field?: string;
            /** @description What the value must be. */
            message: string;
            /** @description JSON pointer (RFC 6901) to the value in the request body; "" is the body itself. */
            pointer?: string;
        };
        /**
         * @example {
         *       "service": "auth",
         *       "status": "ok",
         *       "version": "1.0.0"
         *     }
         */
        Health: {
            service: string;
            status: components["schemas"]["HealthStatus"];
            version?: string;
        };
        /** @enum {string} */
        HealthStatus: "ok" | "degraded" | "down";
        /** @description What the notification is about, dotted (`simulation.completed`, `security.password_changed`). */
        Kind: string;
        LiveStored: {
            /** @description The largest id stored. */
            id: number;
            user_ids: string[];
        };
        NewWebhook: {
            /** @default [] */
            kinds: components["schemas"]["Kind"][];
            /** @description The HMAC key; generated when not given. */
            secret?: string;
            /** @description Where to POST; http or https. */
            url: string;
        };
        /**
         * @example {
         *       "body": "Simulation 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f succeeded.",
         *       "created_at": "2026-01-02T03:04:05Z",
         *       "data": {
         *         "job_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
         *       },
         *       "id": "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f",
         *       "kind": "simulation.completed",
         *       "read_at": null,
         *       "title": "Your simulation finished",
         *       "user_id": "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b"
         *     }
         */
        Notification: {
            body: string;
            /** Format: date-time */
            created_at: string;
            data: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            kind: string;
            /** Format: date-time */
            read_at: string | null;
            title: string;
            /** Format: uuid */
            user_id: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "body": "Its result is ready.",
         *           "created_at": "2026-01-02T03:04:05Z",
         *           "data": {
         *             "job_id": "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f"
         *           },
         *           "id": "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f7a",
         *           "kind": "simulation.completed",
         *           "read_at": null,
         *           "title": "Your simulation finished",
         *           "user_id": "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b"
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        NotificationPage: {
            items: components["schemas"]["Notification"][];
            page: components["schemas"]["PageInfo"];
        };
        /**
         * @description Cursor pagination metadata.
         * @example {
         *       "limit": 50,
         *       "next_cursor": null
         *     }
         */
        PageInfo: {
            limit: number;
            next_cursor?: string | null;
        };
        /**
         * @example {
         *       "channels": {
         *         "email": true,
         *         "in_app": true,
         *         "push": false,
         *         "sms": false,
         *         "webhook": true
         *       },
         *       "kinds": {}
         *     }
         */
        Preferences: {
            channels: components["schemas"]["ChannelSwitches"];
            /** @default {} */
            kinds: {
                [key: string]: components["schemas"]["Channel"][];
            };
        };
        /** @description An RFC 9457 problem details object. */
        Problem: {
            correlation_id?: string;
            detail?: string;
            /** @description Field-level details for validation problems. */
            errors?: components["schemas"]["FieldError"][];
            instance?: string;
            status: number;
            /** @description A short, human-readable summary of the problem type. */
            title: string;
            /**
             * @description A URI reference that identifies the problem type.
             * @default about:blank
             */
            type: string;
        };
        Send: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            kind: string;
            recipients: number;
            status: components["schemas"]["SendStatus"];
        };
        SendRequest: {
            /** @default  */
            body: string;
            channels?: components["schemas"]["Channel"][];
            /** @description Anything the receiving application needs (ids, links); sent along as given. */
            data?: {
                [key: string]: unknown;
            };
            kind: components["schemas"]["Kind"];
            /** @description One line; no control characters. */
            title: string;
            /** @description The recipients; a repeated id is one recipient. */
            user_ids: string[];
        };
        /** @enum {string} */
        SendStatus: "queued" | "sending" | "sent" | "failed";
        Webhook: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            kinds: string[];
            url: string;
        };
        WebhookCreated: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            kinds: string[];
            secret: string;
            url: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "created_at": "2026-01-02T03:04:05Z",
         *           "id": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918",
         *           "kinds": [
         *             "simulation.completed"
         *           ],
         *           "url": "https://hooks.example.com/turnout"
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        WebhookPage: {
            items: components["schemas"]["Webhook"][];
            page: components["schemas"]["PageInfo"];
        };
    };
    responses: {
        /** @description Storage or another service behind this one answered with something unusable. */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "the stored file failed its integrity check",
                 *       "status": 502,
                 *       "title": "Bad Gateway",
                 *       "type": "https://turnout.dev/problems/integrity-check-failed"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request is malformed or fails validation. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "Validation failed for POST /auth/register",
                 *       "errors": [
                 *         {
                 *           "field": "email",
                 *           "message": "must be of type string",
                 *           "pointer": "/email"
                 *         },
                 *         {
                 *           "field": "password",
                 *           "message": "must be at least 8 characters long",
                 *           "pointer": "/password"
                 *         }
                 *       ],
                 *       "status": 400,
                 *       "title": "Bad Request",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request conflicts with the current state. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "an account with this email exists",
                 *       "status": 409,
                 *       "title": "Conflict",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The principal lacks a required role. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "this operation needs the role admin",
                 *       "status": 403,
                 *       "title": "Forbidden",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource, or not visible to the caller. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "no such file",
                 *       "status": 404,
                 *       "title": "Not Found",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body exceeds the configured limit. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "the request body is larger than this server accepts",
                 *       "status": 413,
                 *       "title": "Request Entity Too Large",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The service is not reachable. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "the files service is not reachable",
                 *       "status": 503,
                 *       "title": "Service Unavailable",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Rate or throttling limit reached. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "too many failed logins; try again later",
                 *       "status": 429,
                 *       "title": "Too Many Requests",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Missing, invalid or expired credentials. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "the access token has expired",
                 *       "status": 401,
                 *       "title": "Unauthorized",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Well-formed but semantically invalid. */
        UnprocessableContent: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "the weights sum to 0.9, not 1",
                 *       "errors": [
                 *         {
                 *           "field": "assets",
                 *           "message": "the weights sum to 0.9, not 1"
                 *         }
                 *       ],
                 *       "status": 422,
                 *       "title": "Unprocessable Content",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body's media type is not one this operation accepts. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "detail": "send the body as application/json (Content-Type: application/json)",
                 *       "status": 415,
                 *       "title": "Unsupported Media Type",
                 *       "type": "about:blank"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description Opaque cursor from a previous page's `next_cursor`. */
        Cursor: string;
        /** @description Page size. */
        Limit: number;
        NotificationId: string;
        WebhookId: string;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type Attempt = components['schemas']['Attempt'];
export type AttemptPage = components['schemas']['AttemptPage'];
export type Channel = components['schemas']['Channel'];
export type ChannelSwitches = components['schemas']['ChannelSwitches'];
export type Delivery = components['schemas']['Delivery'];
export type DeliveryPage = components['schemas']['DeliveryPage'];
export type DeliveryStatus = components['schemas']['DeliveryStatus'];
export type FieldError = components['schemas']['FieldError'];
export type Health = components['schemas']['Health'];
export type HealthStatus = components['schemas']['HealthStatus'];
export type Kind = components['schemas']['Kind'];
export type LiveStored = components['schemas']['LiveStored'];
export type NewWebhook = components['schemas']['NewWebhook'];
export type Notification = components['schemas']['Notification'];
export type NotificationPage = components['schemas']['NotificationPage'];
export type PageInfo = components['schemas']['PageInfo'];
export type Preferences = components['schemas']['Preferences'];
export type Problem = components['schemas']['Problem'];
export type Send = components['schemas']['Send'];
export type SendRequest = components['schemas']['SendRequest'];
export type SendStatus = components['schemas']['SendStatus'];
export type Webhook = components['schemas']['Webhook'];
export type WebhookCreated = components['schemas']['WebhookCreated'];
export type WebhookPage = components['schemas']['WebhookPage'];
export type ResponseBadGateway = components['responses']['BadGateway'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseConflict = components['responses']['Conflict'];
export type ResponseForbidden = components['responses']['Forbidden'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponsePayloadTooLarge = components['responses']['PayloadTooLarge'];
export type ResponseServiceUnavailable = components['responses']['ServiceUnavailable'];
export type ResponseTooManyRequests = components['responses']['TooManyRequests'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseUnprocessableContent = components['responses']['UnprocessableContent'];
export type ResponseUnsupportedMediaType = components['responses']['UnsupportedMediaType'];
export type ParameterCursor = components['parameters']['Cursor'];
export type ParameterLimit = components['parameters']['Limit'];
export type ParameterNotificationId = components['parameters']['NotificationId'];
export type ParameterWebhookId = components['parameters']['WebhookId'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    listDeadDeliveries: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from a previous page's `next_cursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of dead deliveries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    replayDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery, queued again. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                user_id?: string;
                unread?: boolean;
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from a previous page's `next_cursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notifications; `page.next_cursor` fetches the next one. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notification_id: components["parameters"]["NotificationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notification. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notification"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notification_id: components["parameters"]["NotificationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notification, read. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notification"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    getPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's preferences. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    updatePreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "channels": {
                 *         "email": true,
                 *         "in_app": true,
                 *         "push": false,
                 *         "sms": false,
                 *         "webhook": true
                 *       },
                 *       "kinds": {
                 *         "security.password_changed": [
                 *           "in_app",
                 *           "email"
                 *         ],
                 *         "simulation.completed": [
                 *           "in_app"
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Preferences"];
            };
        };
        responses: {
            /** @description The preferences as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    sendNotification: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, chosen by the sender per intended notification. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "body": "The platform is read-only on Sunday from 02:00 to 03:00 UTC.",
                 *       "data": {
                 *         "window": "02:00-03:00"
                 *       },
                 *       "kind": "announcement",
                 *       "title": "Scheduled maintenance",
                 *       "user_ids": [
                 *         "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["SendRequest"];
            };
        };
        responses: {
            /** @description The send, queued (or the existing one for a repeated Idempotency-Key). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "created_at": "2026-01-02T03:04:05Z",
                     *       "id": "7e0f1d2c-3b4a-4c5d-8e6f-9a0b1c2d3e4f",
                     *       "kind": "announcement",
                     *       "recipients": 1,
                     *       "status": "queued"
                     *     }
                     */
                    "application/json": components["schemas"]["Send"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    streamNotifications: {
        parameters: {
            query?: {
                /** @description The same as `Last-Event-ID`, for clients that cannot set headers; the larger of the two wins. */
                after?: number;
                /** @description Seconds to keep tailing before the stream ends (capped by the server's `live_stream_seconds`). */
                duration?: number;
            };
            header?: {
                /** @description The id of the last item the client saw (EventSource sends it when it reconnects). */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server-Sent Events; each `data:` line is one JSON object. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example retry: 3000
                     *
                     *     id: 41
                     *     event: simulation.progress
                     *     data: {"job_id":"0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f","plugin":"simulation","progress":0.5}
                     */
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from a previous page's `next_cursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of webhooks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "kinds": [
                 *         "simulation.completed",
                 *         "simulation.failed"
                 *       ],
                 *       "url": "https://hooks.example.com/turnout"
                 *     }
                 */
                "application/json": components["schemas"]["NewWebhook"];
            };
        };
        responses: {
            /** @description The webhook, with its secret (never shown again). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "created_at": "2026-01-02T03:04:05Z",
                     *       "id": "2c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f",
                     *       "kinds": [
                     *         "simulation.completed",
                     *         "simulation.failed"
                     *       ],
                     *       "secret": "whsec_3q2+7w1xY0aPbX9cK4mN6rT8uV5zL2eQ",
                     *       "url": "https://hooks.example.com/turnout"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookCreated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from a previous page's `next_cursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                webhook_id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of attempts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttemptPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery, queued; its attempts appear in the webhook's delivery log. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    notificationsLiveStored: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": 41,
                 *       "user_ids": [
                 *         "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["LiveStored"];
            };
        };
        responses: {
            /** @description Handled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
