// Generated from contracts/auth.yaml by `turnout gen`. Never edited by hand.
export interface paths {
    "/auth/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys that verify access tokens. */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's API keys, newest first, without their secrets. */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key. The key is shown in this response only; it is stored hashed. */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of the caller's API keys. */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether auth can reach its database. */
        get: operations["authHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange an email and password for an access token and a refresh token.
         * @description Repeated failures for one account or one address are throttled with 429.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the caller's session; its refresh token stops working. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The authenticated user. */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the caller's display name or email. */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/auth/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the caller's password and revoke every other session. */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a refresh token.
         * @description Returns a new token pair and invalidates the refresh token presented. Presenting a refresh
         *     token that was already rotated revokes every session of its family.
         */
        post: operations["refreshTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a user account. */
        post: operations["registerUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every user, oldest first, optionally filtered (admin only).
         * @description `q` keeps the users whose email contains it (case-insensitive), `role` those with that role,
         *     `disabled` those disabled (true) or not (false). Filters combine; a cursor belongs to its filters.
         */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user, disabled or not (admin only). */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/users/{user_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a user (admin only); their sessions end and their tokens stop working at once.
         * @description A disabled user cannot log in, refresh a session or use an API key. Every live session is
         *     revoked and announced (`auth.sessions_revoked`), so access tokens already issued are
         *     refused on their next request. Disabling a disabled user changes nothing.
         */
        post: operations["disableUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/users/{user_id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled user again (admin only); they log in afresh. */
        post: operations["enableUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/users/{user_id}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change a user's role (admin only); it applies from the user's next request.
         * @description Access tokens issued before the change carry the new role from the user's next request on
         *     (every credential verifier hears `auth.role_changed`), and API keys always act with the
         *     current role. Setting the role a user has changes nothing and announces nothing. An admin
         *     cannot change their own role (422).
         */
        put: operations["setUserRole"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "auth.api_key_created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user created an API key (its secret is never in the event). */
        post: operations["apiKeyCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.api_key_revoked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user revoked one of their API keys. */
        post: operations["apiKeyRevoked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.login_failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A sign-in was refused (wrong credentials, disabled account or too many failures). */
        post: operations["loginFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.login_succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user signed in with their password. */
        post: operations["loginSucceeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.password_changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user changed their password; their other sessions were revoked. */
        post: operations["passwordChanged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.role_changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An admin changed a user's role; it applies from the user's next request. */
        post: operations["roleChanged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.sessions_revoked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sessions were revoked (logout, password change, disabled user, a replayed refresh token).
         * @description Delivered to every process that verifies credentials (a broadcast, not a queue), which
         *     refuses access tokens of these sessions from then on, until `forget_after`, when every
         *     such token has expired anyway.
         */
        post: operations["sessionsRevoked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.user_disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An admin disabled a user; their sessions were revoked. */
        post: operations["userDisabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.user_enabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An admin let a disabled user sign in again. */
        post: operations["userEnabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auth.user_registered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user account was created. */
        post: operations["userRegistered"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @example {
         *       "created_at": "2026-03-14T09:26:53Z",
         *       "expires_at": "2026-06-12T09:26:53Z",
         *       "id": "6c2f9e1a-4b7d-4c3e-8a5f-9d0b1e2c3f47",
         *       "last_used_at": null,
         *       "name": "nightly import",
         *       "prefix": "tk_7Hq2"
         *     }
         */
        ApiKey: {
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            last_used_at?: string | null;
            name: string;
            /** @description The first characters of the key, to recognise it. */
            prefix: string;
        };
        /**
         * @example {
         *       "expires_in_days": 90,
         *       "name": "nightly import"
         *     }
         */
        ApiKeyCreateRequest: {
            expires_in_days?: number;
            name: components["schemas"]["DisplayName"];
        };
        /**
         * @example {
         *       "created_at": "2026-03-14T09:26:53Z",
         *       "expires_at": "2026-06-12T09:26:53Z",
         *       "id": "6c2f9e1a-4b7d-4c3e-8a5f-9d0b1e2c3f47",
         *       "key": "tk_7Hq2vN9xLr4cWp8mZs1bQe6tYk3uJa0d",
         *       "name": "nightly import",
         *       "prefix": "tk_7Hq2"
         *     }
         */
        ApiKeyCreated: {
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: uuid */
            id: string;
            /** @description The secret. Shown once; send it as `X-API-Key`. */
            key: string;
            name: string;
            prefix: string;
        };
        /**
         * @example {
         *       "at": "2026-03-14T09:26:53Z",
         *       "key_id": "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70",
         *       "name": "ci",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        ApiKeyCreatedEvent: {
            /** Format: date-time */
            at: string;
            /** Format: uuid */
            key_id: string;
            name: string;
            /** Format: uuid */
            user_id: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "created_at": "2026-03-14T09:26:53Z",
         *           "expires_at": "2026-06-12T09:26:53Z",
         *           "id": "6c2f9e1a-4b7d-4c3e-8a5f-9d0b1e2c3f47",
         *           "last_used_at": "2026-03-14T09:26:53Z",
         *           "name": "nightly import",
         *           "prefix": "tk_7Hq2"
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        ApiKeyPage: {
            items: components["schemas"]["ApiKey"][];
            page: components["schemas"]["PageInfo"];
        };
        /**
         * @example {
         *       "api_key_id": "6c2f9e1a-4b7d-4c3e-8a5f-9d0b1e2c3f47",
         *       "role": "user",
         *       "subject": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        ApiKeyPrincipal: {
            /** Format: uuid */
            api_key_id: string;
            role: components["schemas"]["Role"];
            subject: string;
        };
        /**
         * @example {
         *       "at": "2026-03-14T09:26:53Z",
         *       "key_id": "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        ApiKeyRevoked: {
            /** Format: date-time */
            at: string;
            /** Format: uuid */
            key_id: string;
            /** Format: uuid */
            user_id: string;
        };
        /**
         * @example {
         *       "current_password": "analytical engine 1843",
         *       "new_password": "difference engine 1822"
         *     }
         */
        ChangePasswordRequest: {
            current_password: string;
            new_password: components["schemas"]["Password"];
        };
        /**
         * @description A name shown to people: any text but control characters (C0, DEL, C1) and the invisible
         *     format characters that reorder or hide text (U+200B-U+200F, U+202A-U+202E, U+2060-U+2069,
         *     U+FEFF; the service refuses every other Unicode format character too).
         */
        DisplayName: string;
        /** @description An email address; stored lower-cased. */
        Email: string;
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
        Jwk: {
            alg?: string;
            crv?: string;
            kid: string;
            kty: string;
            use?: string;
            x?: string;
        };
        /**
         * @example {
         *       "keys": [
         *         {
         *           "alg": "EdDSA",
         *           "crv": "Ed25519",
         *           "kid": "key-2026-03",
         *           "kty": "OKP",
         *           "use": "sig",
         *           "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
         *         }
         *       ]
         *     }
         */
        Jwks: {
            keys: components["schemas"]["Jwk"][];
        };
        /**
         * @example {
         *       "address": "203.0.113.7",
         *       "at": "2026-03-14T09:26:53Z",
         *       "email": "ada@example.com",
         *       "reason": "bad_credentials",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        LoginFailed: {
            address?: string;
            /** Format: date-time */
            at: string;
            /** @description The address that was tried (lower-cased). */
            email: string;
            /** @enum {string} */
            reason: "bad_credentials" | "disabled" | "throttled";
            /**
             * Format: uuid
             * @description The account, when one has that address.
             */
            user_id?: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "password": "analytical engine 1843"
         *     }
         */
        LoginRequest: {
            email: components["schemas"]["Email"];
            password: string;
        };
        /**
         * @example {
         *       "address": "203.0.113.7",
         *       "at": "2026-03-14T09:26:53Z",
         *       "session_id": "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        LoginSucceeded: {
            /** @description The client's address as the edge saw it, when known. */
            address?: string;
            /** Format: date-time */
            at: string;
            /** Format: uuid */
            session_id: string;
            /** Format: uuid */
            user_id: string;
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
        Password: string;
        /**
         * @example {
         *       "changed_at": "2026-03-14T09:26:53Z",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        PasswordChanged: {
            /** Format: date-time */
            changed_at: string;
            /** Format: uuid */
            user_id: string;
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
        RecentRoleChange: {
            /**
             * Format: date-time
             * @description When every access token issued before the change has expired.
             */
            forget_after: string;
            role: components["schemas"]["Role"];
            /** Format: uuid */
            user_id: string;
        };
        /**
         * @example {
         *       "refresh_token": "rt_8Qw3nZpL1vXk7sYd0FhJ2mC5bTg9RaE4"
         *     }
         */
        RefreshRequest: {
            refresh_token: string;
        };
        /**
         * @example {
         *       "display_name": "Ada Lovelace",
         *       "email": "ada@example.com",
         *       "password": "analytical engine 1843"
         *     }
         */
        RegisterRequest: {
            display_name?: components["schemas"]["DisplayName"];
            email: components["schemas"]["Email"];
            password: components["schemas"]["Password"];
        };
        /**
         * @example {
         *       "key": "tk_7Hq2vN9xLr4cWp8mZs1bQe6tYk3uJa0d"
         *     }
         */
        ResolveApiKeyRequest: {
            key: string;
        };
        RevokedSession: {
            /** Format: date-time */
            forget_after: string;
            /** Format: uuid */
            session_id: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "forget_after": "2026-03-14T09:41:53Z",
         *           "session_id": "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70"
         *         }
         *       ]
         *     }
         */
        RevokedSessions: {
            items: components["schemas"]["RevokedSession"][];
        };
        /** @enum {string} */
        Role: "user" | "admin";
        /**
         * @example {
         *       "role": "admin"
         *     }
         */
        RoleChangeRequest: {
            role: components["schemas"]["Role"];
        };
        /**
         * @example {
         *       "actor_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         *       "at": "2026-03-14T09:26:53Z",
         *       "previous_role": "user",
         *       "role": "admin",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        RoleChanged: {
            /**
             * Format: uuid
             * @description The admin who changed it.
             */
            actor_id: string;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            previous_role: "user" | "admin";
            /** @enum {string} */
            role: "user" | "admin";
            /** Format: uuid */
            user_id: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "forget_after": "2026-03-14T09:41:53Z",
         *           "role": "admin",
         *           "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *         }
         *       ]
         *     }
         */
        RoleChanges: {
            items: components["schemas"]["RecentRoleChange"][];
        };
        /**
         * @example {
         *       "forget_after": "2026-03-14T09:41:53Z",
         *       "session_ids": [
         *         "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70"
         *       ],
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        SessionsRevoked: {
            /**
             * Format: date-time
             * @description When every access token of these sessions has expired; the entries can be dropped then.
             */
            forget_after: string;
            session_ids: string[];
            /** Format: uuid */
            user_id: string;
        };
        /**
         * @example {
         *       "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6ImtleS0yMDI2LTAzIiwidHlwIjoiSldUIn0.eyJzdWIiOiIzZjJiOGMxZSJ9.c2lnbmF0dXJl",
         *       "expires_in": 900,
         *       "refresh_token": "rt_8Qw3nZpL1vXk7sYd0FhJ2mC5bTg9RaE4",
         *       "token_type": "Bearer"
         *     }
         */
        TokenPair: {
            access_token: string;
            /** @description Seconds until the access token expires. */
            expires_in: number;
            refresh_token: string;
            /** @enum {string} */
            token_type: "Bearer";
        };
        /**
         * @example {
         *       "display_name": "Augusta Ada King",
         *       "email": "countess@example.com"
         *     }
         */
        UpdateMeRequest: {
            display_name?: components["schemas"]["DisplayName"];
            email?: components["schemas"]["Email"];
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
        User: {
            /** Format: date-time */
            created_at: string;
            /** @description A disabled user cannot sign in or use their credentials. */
            disabled: boolean;
            display_name: string;
            email: components["schemas"]["Email"];
            /** Format: uuid */
            id: string;
            role: components["schemas"]["Role"];
        };
        /**
         * @example {
         *       "actor_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         *       "at": "2026-03-14T09:26:53Z",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        UserDisabled: {
            /** Format: uuid */
            actor_id: string;
            /** Format: date-time */
            at: string;
            /** Format: uuid */
            user_id: string;
        };
        /**
         * @example {
         *       "actor_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         *       "at": "2026-03-14T09:26:53Z",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        UserEnabled: {
            /** Format: uuid */
            actor_id: string;
            /** Format: date-time */
            at: string;
            /** Format: uuid */
            user_id: string;
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
        UserPage: {
            items: components["schemas"]["User"][];
            page: components["schemas"]["PageInfo"];
        };
        /**
         * @example {
         *       "display_name": "Charles Babbage",
         *       "id": "8a1c4e7b-2f3d-4b9a-a6e5-0c7d9f1b3e28"
         *     }
         */
        UserRef: {
            display_name: string;
            /** Format: uuid */
            id: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "registered_at": "2026-03-14T09:26:53Z",
         *       "user_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
         *     }
         */
        UserRegistered: {
            email: string;
            /** Format: date-time */
            registered_at: string;
            /** Format: uuid */
            user_id: string;
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
        DisabledFilter: boolean;
        /** @description Keep the users whose email contains this text (case-insensitive). */
        EmailQuery: string;
        /** @description Page size. */
        Limit: number;
        RoleFilter: components["schemas"]["Role"];
        UserId: string;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type ApiKey = components['schemas']['ApiKey'];
export type ApiKeyCreateRequest = components['schemas']['ApiKeyCreateRequest'];
export type ApiKeyCreated = components['schemas']['ApiKeyCreated'];
export type ApiKeyCreatedEvent = components['schemas']['ApiKeyCreatedEvent'];
export type ApiKeyPage = components['schemas']['ApiKeyPage'];
export type ApiKeyPrincipal = components['schemas']['ApiKeyPrincipal'];
export type ApiKeyRevoked = components['schemas']['ApiKeyRevoked'];
export type ChangePasswordRequest = components['schemas']['ChangePasswordRequest'];
export type DisplayName = components['schemas']['DisplayName'];
export type Email = components['schemas']['Email'];
export type FieldError = components['schemas']['FieldError'];
export type Health = components['schemas']['Health'];
export type HealthStatus = components['schemas']['HealthStatus'];
export type Jwk = components['schemas']['Jwk'];
export type Jwks = components['schemas']['Jwks'];
export type LoginFailed = components['schemas']['LoginFailed'];
export type LoginRequest = components['schemas']['LoginRequest'];
export type LoginSucceeded = components['schemas']['LoginSucceeded'];
export type PageInfo = components['schemas']['PageInfo'];
export type Password = components['schemas']['Password'];
export type PasswordChanged = components['schemas']['PasswordChanged'];
export type Problem = components['schemas']['Problem'];
export type RecentRoleChange = components['schemas']['RecentRoleChange'];
export type RefreshRequest = components['schemas']['RefreshRequest'];
export type RegisterRequest = components['schemas']['RegisterRequest'];
export type ResolveApiKeyRequest = components['schemas']['ResolveApiKeyRequest'];
export type RevokedSession = components['schemas']['RevokedSession'];
export type RevokedSessions = components['schemas']['RevokedSessions'];
export type Role = components['schemas']['Role'];
export type RoleChangeRequest = components['schemas']['RoleChangeRequest'];
export type RoleChanged = components['schemas']['RoleChanged'];
export type RoleChanges = components['schemas']['RoleChanges'];
export type SessionsRevoked = components['schemas']['SessionsRevoked'];
export type TokenPair = components['schemas']['TokenPair'];
export type UpdateMeRequest = components['schemas']['UpdateMeRequest'];
export type User = components['schemas']['User'];
export type UserDisabled = components['schemas']['UserDisabled'];
export type UserEnabled = components['schemas']['UserEnabled'];
export type UserPage = components['schemas']['UserPage'];
export type UserRef = components['schemas']['UserRef'];
export type UserRegistered = components['schemas']['UserRegistered'];
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
export type ParameterDisabledFilter = components['parameters']['DisabledFilter'];
export type ParameterEmailQuery = components['parameters']['EmailQuery'];
export type ParameterLimit = components['parameters']['Limit'];
export type ParameterRoleFilter = components['parameters']['RoleFilter'];
export type ParameterUserId = components['parameters']['UserId'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A JSON Web Key Set (RFC 7517). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Jwks"];
                };
            };
        };
    };
    listApiKeys: {
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
            /** @description A page of keys. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreateRequest"];
            };
        };
        responses: {
            /** @description The new key, with its secret. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key no longer authenticates. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    authHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Health of the auth plugin. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description A new session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMeRequest"];
            };
        };
        responses: {
            /** @description The updated user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description Password changed; sessions other than the caller's are revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    refreshTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description The rotated token pair. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    registerUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description The new user. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description Keep the users whose email contains this text (case-insensitive). */
                q?: components["parameters"]["EmailQuery"];
                role?: components["parameters"]["RoleFilter"];
                disabled?: components["parameters"]["DisabledFilter"];
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
            /** @description A page of users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["UserId"];
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
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    disableUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user is disabled. */
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
            422: components["responses"]["UnprocessableContent"];
        };
    };
    enableUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user may log in again. */
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
    setUserRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleChangeRequest"];
            };
        };
        responses: {
            /** @description The user, with their role now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
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
    apiKeyCreated: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreatedEvent"];
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
    apiKeyRevoked: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyRevoked"];
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
    loginFailed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginFailed"];
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
    loginSucceeded: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginSucceeded"];
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
    passwordChanged: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChanged"];
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
    roleChanged: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleChanged"];
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
    sessionsRevoked: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionsRevoked"];
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
    userDisabled: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserDisabled"];
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
    userEnabled: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserEnabled"];
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
    userRegistered: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserRegistered"];
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
