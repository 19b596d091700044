// Generated from contracts/admin.yaml by `turnout gen`. Never edited by hand.
export interface paths {
    "/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first, optionally filtered.
         * @description One entry per event of every plugin worth auditing (sign-ins, failed sign-ins, role changes,
         *     disabled and enabled users, API keys, password changes, registrations, deleted files, and
         *     every admin action), each chained to the one before by `prev_hash` and `hash` (SHA-256).
         *     `actor` keeps the entries of one user, `action` those of one action, `since` / `until`
         *     those at or after / before a time. `turnout audit verify` checks the whole chain.
         */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every plugin's health, instances, request and error rates, job queues and dead letters.
         * @description Health and instance counts come from the plugins themselves (in process when colocated, each
         *     hosting process over NATS when split). Request and error rates are the HTTP edge's usage
         *     reports (`turnout.usage`) of the last `window_seconds`. `dead_deliveries` counts notification
         *     deliveries that gave up; null when the platform runs no notifications plugin that reports them.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Events no try could handle, in every plugin, oldest failure first.
         * @description Each plugin keeps the events its handlers gave up on in its own database; this lists them
         *     all, and the notification deliveries that gave up when the notifications plugin reports them.
         */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/dead-letters/{dead_letter_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description `<plugin>:<record id>` for an event, as `listDeadLetters` gives it. */
                dead_letter_id: components["parameters"]["DeadLetterId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a dead letter through its subscriber's handler again.
         * @description The record is marked; a process hosting the subscriber runs it within the platform's
         *     `replay_poll_seconds` and removes it once the handler succeeds (if every try fails again,
         *     it stays, unmarked, with the new error). Publishes `admin.action` (`dead_letter.replayed`).
         */
        post: operations["replayDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every plugin's settings that can be changed at run time, with the values that apply now. */
        get: operations["listSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/settings/{plugin}/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                plugin: components["parameters"]["SettingPlugin"];
                key: components["parameters"]["SettingKey"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Change a setting at run time, in every instance of its plugin, kept across restarts.
         * @description The value is checked against the setting's schema (as `listSettings` shows it): a value it
         *     refuses is 422 naming `<plugin>.<key>`, and nothing changes. A key that is not changeable,
         *     or a plugin the platform does not run, is 404. Publishes `admin.action` (`setting.changed`).
         */
        put: operations["updateSetting"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every tier, by name.
         * @description The default tier (`is_default`) applies to every user who has no tier set.
         */
        get: operations["listTiers"];
        put?: never;
        /**
         * Create a tier.
         * @description A tier with the same name already exists -> 409, nothing changed. Publishes `admin.action` (`tier.created`).
         */
        post: operations["createTier"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tiers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: components["parameters"]["TierName"];
            };
            cookie?: never;
        };
        /** One tier. */
        get: operations["getTier"];
        /**
         * Replace a tier's limits.
         * @description Users on the tier get the new limits within the reading side's cache time (5 s by default:
         *     files' and simulation's `limits_cache_seconds`, admin's `rate_limit_cache_seconds` for the
         *     request rate at the HTTP edge). Publishes `admin.action` (`tier.updated`).
         */
        put: operations["updateTier"];
        post?: never;
        /**
         * Delete a tier nobody is on.
         * @description The default tier, or a tier some user is on, is refused with 409 (move them first).
         *     Publishes `admin.action` (`tier.deleted`).
         */
        delete: operations["deleteTier"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every user, oldest first, optionally filtered.
         * @description `q` keeps the users whose email contains it (case-insensitive), `role` those with that role,
         *     `disabled` those disabled (true) or not (false). Filters combine; a cursor belongs to its filters.
         */
        get: operations["listAdminUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        /** One user, disabled or not. */
        get: operations["getAdminUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{user_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a user; their sessions end and their credentials stop working from their next request.
         * @description A disabled user cannot sign in, refresh a session or use an API key. Disabling a disabled
         *     user changes nothing. An admin cannot disable themselves (422).
         */
        post: operations["disableAdminUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{user_id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Let a disabled user sign in again (their old sessions stay ended). */
        post: operations["enableAdminUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{user_id}/role": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Change a user's role; it applies from the user's next request.
         * @description The user keeps their sessions: access tokens issued before the change act with the new
         *     role from the next request on, and API keys always act with the current role. Setting the
         *     role a user has changes nothing. An admin cannot change their own role (422).
         */
        put: operations["setAdminUserRole"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{user_id}/tier": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["TierUserId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Put a user on a tier.
         * @description An unknown tier is 422, nothing changed. The user's new limits apply within the reading
         *     side's cache time (5 s by default, see updateTier). Publishes `admin.action` (`user.tier_changed`).
         */
        put: operations["setUserTier"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "admin.action": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An admin changed something through the admin API (recorded in the audit log).
         * @description Published by every admin operation that changes state (a user disabled, a role or tier
         *     changed, a tier edited, a setting changed, a dead letter replayed), after the change.
         *     `details` holds the operation's own fields (never a secret).
         */
        post: operations["adminActionPerformed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AdminAction: {
            /** @description What was done, `<noun>.<verb>` (e.g. `tier.updated`, `setting.changed`). */
            action: string;
            /**
             * Format: uuid
             * @description The admin who acted.
             */
            actor_id: string;
            /** Format: date-time */
            at: string;
            details: {
                [key: string]: unknown;
            };
            /** @description What it was done to (a user id, a tier name, `<plugin>.<setting>`, a dead letter id). */
            target: string;
        };
        AdminRoleChange: {
            role: components["schemas"]["UserRole"];
        };
        /**
         * @example {
         *       "created_at": "2026-03-14T09:26:53Z",
         *       "disabled": false,
         *       "display_name": "Ada Lovelace",
         *       "email": "ada@example.com",
         *       "id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46",
         *       "role": "user"
         *     }
         */
        AdminUser: {
            /** Format: date-time */
            created_at: string;
            disabled: boolean;
            display_name: string;
            email: string;
            /** Format: uuid */
            id: string;
            role: components["schemas"]["UserRole"];
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "created_at": "2026-03-14T09:26:53Z",
         *           "disabled": false,
         *           "display_name": "Ada Lovelace",
         *           "email": "ada@example.com",
         *           "id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46",
         *           "role": "user"
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        AdminUserPage: {
            items: components["schemas"]["AdminUser"][];
            page: components["schemas"]["PageInfo"];
        };
        /**
         * @example {
         *       "action": "auth.role_changed",
         *       "actor": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         *       "at": "2026-03-14T09:26:53Z",
         *       "details": {
         *         "previous_role": "user",
         *         "role": "admin"
         *       },
         *       "hash": "7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069",
         *       "prev_hash": "5d41402abc4b2a76b9719d911017c592ae2d2b3d1d8b4e5c7f0a1b2c3d4e5f60",
         *       "seq": 42,
         *       "target": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        AuditEntry: {
            /** @description `<plugin>.<event>` for a plugin's event, `admin.<noun>.<verb>` for an admin action. */
            action: string;
            /**
             * Format: uuid
             * @description The user who acted; null when nobody known did (e.g. a failed sign-in to no account).
             */
            actor: string | null;
            /**
             * Format: date-time
             * @description When it happened (the event's own time).
             */
            at: string;
            details: {
                [key: string]: unknown;
            };
            /** @description SHA-256 (hex) of this entry's canonical JSON and `prev_hash`. */
            hash: string;
            /** @description The hash of the entry before (64 zeros for the first). */
            prev_hash: string;
            /** @description Position in the log, from 1, without gaps. */
            seq: number;
            /** @description What it was done to (a user id, a key id, a file id, a setting...). */
            target: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "action": "auth.role_changed",
         *           "actor": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         *           "at": "2026-03-14T09:26:53Z",
         *           "details": {
         *             "previous_role": "user",
         *             "role": "admin"
         *           },
         *           "hash": "7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069",
         *           "prev_hash": "5d41402abc4b2a76b9719d911017c592ae2d2b3d1d8b4e5c7f0a1b2c3d4e5f60",
         *           "seq": 42,
         *           "target": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        AuditEntryPage: {
            items: components["schemas"]["AuditEntry"][];
            page: components["schemas"]["PageInfo"];
        };
        Dashboard: {
            /** @description Notification deliveries that gave up; null when no plugin reports them. */
            dead_deliveries: number | null;
            /** @description Dead-lettered events, every plugin. */
            dead_letters: number;
            /** Format: date-time */
            generated_at: string;
            /** @description Every plugin healthy. */
            healthy: boolean;
            plugins: components["schemas"]["PluginStatus"][];
            /** @description The span the request and error figures cover. */
            window_seconds: number;
        };
        DeadLetter: {
            attempts: number;
            event: string;
            event_id: string;
            /** Format: date-time */
            first_failed_at: string;
            /** @description What `replayDeadLetter` takes. */
            id: string;
            kind: components["schemas"]["DeadLetterKind"];
            last_error: string;
            /** Format: date-time */
            last_failed_at: string;
            /** @description The event's JSON, as published. */
            payload: string;
            /** @description The subscriber that gave up. */
            plugin: string;
            replay_requested: boolean;
        };
        /**
         * @description `event`: an event a plugin's handler gave up on; `delivery`: a notification delivery that gave up.
         * @enum {string}
         */
        DeadLetterKind: "event" | "delivery";
        DeadLetterList: {
            items: components["schemas"]["DeadLetter"][];
        };
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
        JobQueue: {
            kind: string;
            queued: number;
            running: number;
        };
        NewTier: {
            file_quota_bytes: number;
            name: components["schemas"]["TierNameValue"];
            /** @default null */
            requests_per_minute: number | null;
            simulation_max_concurrent_jobs: number;
            simulation_max_path_steps: number;
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
        PluginStatus: {
            /** @description Answered 4xx. */
            client_errors: number;
            dead_letters: number;
            /** @description Answered 5xx. */
            errors: number;
            errors_per_minute: number;
            healthy: boolean;
            /** @description Processes answering for the plugin. */
            instances: number;
            jobs: components["schemas"]["JobQueue"][];
            plugin: string;
            requests: number;
            requests_per_minute: number;
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
        Setting: {
            /**
             * Format: date-time
             * @description When it was last changed at run time; null if never.
             */
            changed_at: string | null;
            /** @description The value platform.toml (or the default) gives it. */
            configured: unknown;
            key: string;
            plugin: string;
            /** @description JSON Schema of the values it takes. */
            schema: {
                [key: string]: unknown;
            };
            /** @description The value every instance applies now. */
            value: unknown;
        };
        SettingList: {
            items: components["schemas"]["Setting"][];
        };
        SettingUpdate: {
            /** @description The new value, of the setting's type. */
            value: unknown;
        };
        Tier: {
            file_quota_bytes: number;
            /** @description Applies to every user with no tier set. */
            is_default: boolean;
            name: string;
            requests_per_minute: number | null;
            simulation_max_concurrent_jobs: number;
            simulation_max_path_steps: number;
        };
        TierLimits: {
            /** @description Bytes of files one user may store. */
            file_quota_bytes: number;
            /**
             * @description HTTP requests one user may make per minute (moving window); null is no limit.
             * @default null
             */
            requests_per_minute: number | null;
            /** @description Simulations one user may have unfinished (queued or running). */
            simulation_max_concurrent_jobs: number;
            /** @description paths x steps of one simulation. */
            simulation_max_path_steps: number;
        };
        TierList: {
            items: components["schemas"]["Tier"][];
        };
        /** @description Lower-case letters, digits, `-` and `_`; at most 40 characters. */
        TierNameValue: string;
        UserLimits: {
            file_quota_bytes: number;
            requests_per_minute: number | null;
            simulation_max_concurrent_jobs: number;
            simulation_max_path_steps: number;
            tier: string;
        };
        /** @enum {string} */
        UserRole: "user" | "admin";
        UserTier: {
            tier: string;
            /** Format: uuid */
            user_id: string;
        };
        UserTierChange: {
            tier: components["schemas"]["TierNameValue"];
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
        AdminUserId: string;
        /** @description Opaque cursor from a previous page's `next_cursor`. */
        Cursor: string;
        /** @description `<plugin>:<record id>` for an event, as `listDeadLetters` gives it. */
        DeadLetterId: string;
        /** @description Page size. */
        Limit: number;
        SettingKey: string;
        SettingPlugin: string;
        TierName: components["schemas"]["TierNameValue"];
        TierUserId: string;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type AdminAction = components['schemas']['AdminAction'];
export type AdminRoleChange = components['schemas']['AdminRoleChange'];
export type AdminUser = components['schemas']['AdminUser'];
export type AdminUserPage = components['schemas']['AdminUserPage'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type AuditEntryPage = components['schemas']['AuditEntryPage'];
export type Dashboard = components['schemas']['Dashboard'];
export type DeadLetter = components['schemas']['DeadLetter'];
export type DeadLetterKind = components['schemas']['DeadLetterKind'];
export type DeadLetterList = components['schemas']['DeadLetterList'];
export type FieldError = components['schemas']['FieldError'];
export type Health = components['schemas']['Health'];
export type HealthStatus = components['schemas']['HealthStatus'];
export type JobQueue = components['schemas']['JobQueue'];
export type NewTier = components['schemas']['NewTier'];
export type PageInfo = components['schemas']['PageInfo'];
export type PluginStatus = components['schemas']['PluginStatus'];
export type Problem = components['schemas']['Problem'];
export type Setting = components['schemas']['Setting'];
export type SettingList = components['schemas']['SettingList'];
export type SettingUpdate = components['schemas']['SettingUpdate'];
export type Tier = components['schemas']['Tier'];
export type TierLimits = components['schemas']['TierLimits'];
export type TierList = components['schemas']['TierList'];
export type TierNameValue = components['schemas']['TierNameValue'];
export type UserLimits = components['schemas']['UserLimits'];
export type UserRole = components['schemas']['UserRole'];
export type UserTier = components['schemas']['UserTier'];
export type UserTierChange = components['schemas']['UserTierChange'];
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
export type ParameterAdminUserId = components['parameters']['AdminUserId'];
export type ParameterCursor = components['parameters']['Cursor'];
export type ParameterDeadLetterId = components['parameters']['DeadLetterId'];
export type ParameterLimit = components['parameters']['Limit'];
export type ParameterSettingKey = components['parameters']['SettingKey'];
export type ParameterSettingPlugin = components['parameters']['SettingPlugin'];
export type ParameterTierName = components['parameters']['TierName'];
export type ParameterTierUserId = components['parameters']['TierUserId'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description The user who acted. */
                actor?: string;
                /** @description What was done, e.g. `auth.login_failed` or `admin.user.disabled`. */
                action?: string;
                since?: string;
                until?: string;
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
            /** @description A page of entries; `page.next_cursor` fetches older ones. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEntryPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getDashboard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The platform now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "dead_deliveries": null,
                     *       "dead_letters": 1,
                     *       "generated_at": "2026-01-02T03:04:05Z",
                     *       "healthy": true,
                     *       "plugins": [
                     *         {
                     *           "client_errors": 4,
                     *           "dead_letters": 0,
                     *           "errors": 0,
                     *           "errors_per_minute": 0,
                     *           "healthy": true,
                     *           "instances": 2,
                     *           "jobs": [],
                     *           "plugin": "auth",
                     *           "requests": 120,
                     *           "requests_per_minute": 24
                     *         },
                     *         {
                     *           "client_errors": 0,
                     *           "dead_letters": 1,
                     *           "errors": 1,
                     *           "errors_per_minute": 0.2,
                     *           "healthy": true,
                     *           "instances": 1,
                     *           "jobs": [
                     *             {
                     *               "kind": "simulation",
                     *               "queued": 3,
                     *               "running": 1
                     *             }
                     *           ],
                     *           "plugin": "simulation",
                     *           "requests": 10,
                     *           "requests_per_minute": 2
                     *         }
                     *       ],
                     *       "window_seconds": 300
                     *     }
                     */
                    "application/json": components["schemas"]["Dashboard"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    listDeadLetters: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every dead letter. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "attempts": 5,
                     *           "event": "files.uploaded",
                     *           "event_id": "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a",
                     *           "first_failed_at": "2026-01-02T03:04:05Z",
                     *           "id": "analytics:3f1c2b4a5d6e7f8091a2b3c4d5e6f708",
                     *           "kind": "event",
                     *           "last_error": "OperationalError: database is locked",
                     *           "last_failed_at": "2026-01-02T03:04:35Z",
                     *           "payload": "{\"file_id\": \"0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f\"}",
                     *           "plugin": "analytics",
                     *           "replay_requested": false
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["DeadLetterList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    replayDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description `<plugin>:<record id>` for an event, as `listDeadLetters` gives it. */
                dead_letter_id: components["parameters"]["DeadLetterId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Marked for replay. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "attempts": 5,
                     *       "event": "files.uploaded",
                     *       "event_id": "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a",
                     *       "first_failed_at": "2026-01-02T03:04:05Z",
                     *       "id": "analytics:3f1c2b4a5d6e7f8091a2b3c4d5e6f708",
                     *       "kind": "event",
                     *       "last_error": "OperationalError: database is locked",
                     *       "last_failed_at": "2026-01-02T03:04:35Z",
                     *       "payload": "{\"file_id\": \"0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f\"}",
                     *       "plugin": "analytics",
                     *       "replay_requested": true
                     *     }
                     */
                    "application/json": components["schemas"]["DeadLetter"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    listSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The changeable settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "changed_at": null,
                     *           "configured": 104857600,
                     *           "key": "max_file_bytes",
                     *           "plugin": "files",
                     *           "schema": {
                     *             "minimum": 1,
                     *             "type": "integer"
                     *           },
                     *           "value": 104857600
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SettingList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    updateSetting: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                plugin: components["parameters"]["SettingPlugin"];
                key: components["parameters"]["SettingKey"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "value": 600
                 *     }
                 */
                "application/json": components["schemas"]["SettingUpdate"];
            };
        };
        responses: {
            /** @description The setting as it applies now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "changed_at": "2026-01-02T03:04:05Z",
                     *       "configured": 600,
                     *       "key": "access_token_ttl_seconds",
                     *       "plugin": "auth",
                     *       "schema": {
                     *         "minimum": 1,
                     *         "type": "integer"
                     *       },
                     *       "value": 600
                     *     }
                     */
                    "application/json": components["schemas"]["Setting"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    listTiers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tiers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "file_quota_bytes": 1073741824,
                     *           "is_default": true,
                     *           "name": "free",
                     *           "requests_per_minute": null,
                     *           "simulation_max_concurrent_jobs": 22,
                     *           "simulation_max_path_steps": 2000000000
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["TierList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    createTier: {
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
                 *       "file_quota_bytes": 10737418240,
                 *       "name": "pro",
                 *       "requests_per_minute": 1200,
                 *       "simulation_max_concurrent_jobs": 50,
                 *       "simulation_max_path_steps": 4000000000
                 *     }
                 */
                "application/json": components["schemas"]["NewTier"];
            };
        };
        responses: {
            /** @description The created tier. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "file_quota_bytes": 10737418240,
                     *       "is_default": false,
                     *       "name": "pro",
                     *       "requests_per_minute": 1200,
                     *       "simulation_max_concurrent_jobs": 50,
                     *       "simulation_max_path_steps": 4000000000
                     *     }
                     */
                    "application/json": components["schemas"]["Tier"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    getTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: components["parameters"]["TierName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tier. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "file_quota_bytes": 10737418240,
                     *       "is_default": false,
                     *       "name": "pro",
                     *       "requests_per_minute": 1200,
                     *       "simulation_max_concurrent_jobs": 50,
                     *       "simulation_max_path_steps": 4000000000
                     *     }
                     */
                    "application/json": components["schemas"]["Tier"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updateTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: components["parameters"]["TierName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "file_quota_bytes": 21474836480,
                 *       "requests_per_minute": 600,
                 *       "simulation_max_concurrent_jobs": 50,
                 *       "simulation_max_path_steps": 4000000000
                 *     }
                 */
                "application/json": components["schemas"]["TierLimits"];
            };
        };
        responses: {
            /** @description The tier as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "file_quota_bytes": 21474836480,
                     *       "is_default": false,
                     *       "name": "pro",
                     *       "requests_per_minute": 600,
                     *       "simulation_max_concurrent_jobs": 50,
                     *       "simulation_max_path_steps": 4000000000
                     *     }
                     */
                    "application/json": components["schemas"]["Tier"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deleteTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: components["parameters"]["TierName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tier is gone. */
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
            409: components["responses"]["Conflict"];
        };
    };
    listAdminUsers: {
        parameters: {
            query?: {
                /** @description Keep the users whose email contains this text (case-insensitive). */
                q?: string;
                role?: components["schemas"]["UserRole"];
                disabled?: boolean;
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
            /** @description A page of users; `page.next_cursor` fetches the next one. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getAdminUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    disableAdminUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user, now disabled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    enableAdminUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user, now enabled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    setAdminUserRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["AdminUserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "role": "admin"
                 *     }
                 */
                "application/json": components["schemas"]["AdminRoleChange"];
            };
        };
        responses: {
            /** @description The user, with their role now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    setUserTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["TierUserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "tier": "free"
                 *     }
                 */
                "application/json": components["schemas"]["UserTierChange"];
            };
        };
        responses: {
            /** @description The user's tier now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "tier": "free",
                     *       "user_id": "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b"
                     *     }
                     */
                    "application/json": components["schemas"]["UserTier"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    adminActionPerformed: {
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
                 *       "action": "setting.changed",
                 *       "actor_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                 *       "at": "2026-01-02T03:04:05Z",
                 *       "details": {
                 *         "previous": 1073741824,
                 *         "value": 2147483648
                 *       },
                 *       "target": "files.quota_bytes"
                 *     }
                 */
                "application/json": components["schemas"]["AdminAction"];
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
