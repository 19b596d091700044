// Generated from contracts/simulation.yaml by `turnout gen`. Never edited by hand.
export interface paths {
    "/simulations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's simulations, newest first. */
        get: operations["listSimulations"];
        put?: never;
        /**
         * Queue a simulation; the same Idempotency-Key returns the same job.
         * @description Answers 202 with the job. A repeated request with the same `Idempotency-Key` (per user)
         *     returns the existing job; the same key with a different body is 409. The portfolio comes
         *     either inline (`assets`, `correlation`) or from `inputs_file_id`, a CSV file of the
         *     caller's (or shared with them) with the header `name,weight,expected_return,volatility`
         *     and optionally one correlation column per asset, named after it. A correlation matrix
         *     that is not positive semi-definite, weights that do not sum to 1 or `paths x steps` over
         *     the platform's cap are 422 with the reason. A user who already has as many jobs waiting as
         *     the platform allows (`max_queued_per_user`) is refused with 429 and `Retry-After`, and no
         *     job is created. Waiting jobs start fairly: users take turns (each user's oldest waiting
         *     job first, the user served least recently first), and a user runs at most
         *     `max_running_per_user` jobs at once. An asset name in a CSV follows the same rules as
         *     an inline one; a CSV that breaks them is 422 naming its line.
         */
        post: operations["createSimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How busy the platform is, and where the caller's waiting jobs stand in line. */
        get: operations["getQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        /** A job's status and progress. */
        get: operations["getSimulation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/{job_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued or running job; a finished one is left as it is (409). */
        post: operations["cancelSimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/{job_id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        /**
         * The result of a finished job.
         * @description A job that has not succeeded (queued, running, failed, cancelled) is 409, saying which.
         */
        get: operations["getSimulationResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "simulation.cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A job was cancelled by its owner. */
        post: operations["simulationCancelled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "simulation.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A job succeeded; its result can be read. */
        post: operations["simulationCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "simulation.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A job failed; its error says why. */
        post: operations["simulationFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "simulation.progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A running job advanced (at most about once a second per job). */
        post: operations["simulationProgress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AssetInput: {
            /** @description Annual expected (arithmetic) return, e.g. 0.07. */
            expected_return: number;
            name: string;
            /** @description Annual volatility, e.g. 0.18. */
            volatility: number;
            /** @description Share of the portfolio; the weights sum to 1. */
            weight: number;
        };
        Bands: {
            p25: number[];
            p5: number[];
            p50: number[];
            p75: number[];
            p95: number[];
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
        Histogram: {
            counts: number[];
            edges: number[];
        };
        /**
         * @example {
         *       "backend": "numpy",
         *       "cancel_requested": false,
         *       "created_at": "2026-03-14T09:26:53Z",
         *       "error": null,
         *       "finished_at": "2026-03-14T09:26:57Z",
         *       "id": "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87",
         *       "paths": 10000,
         *       "progress": 1,
         *       "seed": 20260314,
         *       "started_at": "2026-03-14T09:26:54Z",
         *       "status": "succeeded",
         *       "steps": 120
         *     }
         */
        Job: {
            /** @description numpy or cupy, once the job has run. */
            backend?: string | null;
            /** @default false */
            cancel_requested: boolean;
            /** Format: date-time */
            created_at: string;
            error?: string | null;
            /** Format: date-time */
            finished_at?: string | null;
            /** Format: uuid */
            id: string;
            paths: number;
            progress: number;
            seed: number;
            /** Format: date-time */
            started_at?: string | null;
            status: components["schemas"]["JobStatus"];
            steps: number;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "backend": "numpy",
         *           "cancel_requested": false,
         *           "created_at": "2026-03-14T09:26:53Z",
         *           "error": null,
         *           "finished_at": "2026-03-14T09:26:57Z",
         *           "id": "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87",
         *           "paths": 10000,
         *           "progress": 1,
         *           "seed": 20260314,
         *           "started_at": "2026-03-14T09:26:54Z",
         *           "status": "succeeded",
         *           "steps": 120
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        JobPage: {
            items: components["schemas"]["Job"][];
            page: components["schemas"]["PageInfo"];
        };
        /** @enum {string} */
        JobStatus: "queued" | "running" | "succeeded" | "failed" | "cancelled";
        /**
         * @default any
         * @enum {string}
         */
        JobStatusFilter: "any" | "queued" | "running" | "succeeded" | "failed" | "cancelled";
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
        /**
         * @example {
         *       "mine": [
         *         {
         *           "id": "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6",
         *           "position": 2
         *         }
         *       ],
         *       "queued": 3,
         *       "running": 2
         *     }
         */
        Queue: {
            mine: components["schemas"]["QueuedJob"][];
            queued: number;
            running: number;
        };
        QueuedJob: {
            /** Format: uuid */
            id: string;
            /**
             * @description 1 = next to start: how many waiting jobs (of every user) start before this one in the
             *     fair order, plus one, as the queue stands now.
             */
            position: number;
        };
        Risk: {
            /** @description Expected shortfall: initial value minus the mean terminal value in that tail. */
            cvar: number;
            level: number;
            /** @description Value at risk: initial value minus the (1 - level) quantile of the terminal value. */
            var: number;
        };
        /**
         * @example {
         *       "error": null,
         *       "job_id": "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87",
         *       "occurred_at": "2026-03-14T09:26:53Z",
         *       "owner_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46",
         *       "status": "succeeded"
         *     }
         */
        SimulationFinished: {
            error?: string | null;
            /** Format: uuid */
            job_id: string;
            /** Format: date-time */
            occurred_at: string;
            /** Format: uuid */
            owner_id: string;
            status: components["schemas"]["JobStatus"];
        };
        /**
         * @example {
         *       "job_id": "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87",
         *       "occurred_at": "2026-03-14T09:26:53Z",
         *       "owner_id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46",
         *       "progress": 0.42
         *     }
         */
        SimulationProgress: {
            /** Format: uuid */
            job_id: string;
            /** Format: date-time */
            occurred_at: string;
            /** Format: uuid */
            owner_id: string;
            progress: number;
        };
        /**
         * @example {
         *       "assets": [
         *         {
         *           "expected_return": 0.07,
         *           "name": "global equities",
         *           "volatility": 0.18,
         *           "weight": 0.6
         *         },
         *         {
         *           "expected_return": 0.03,
         *           "name": "bonds",
         *           "volatility": 0.06,
         *           "weight": 0.4
         *         }
         *       ],
         *       "contribution": 500,
         *       "correlation": [
         *         [
         *           1,
         *           0.2
         *         ],
         *         [
         *           0.2,
         *           1
         *         ]
         *       ],
         *       "horizon_years": 10,
         *       "initial_value": 100000,
         *       "paths": 10000,
         *       "seed": 20260314,
         *       "steps": 120,
         *       "var_levels": [
         *         0.95,
         *         0.99
         *       ]
         *     }
         */
        SimulationRequest: {
            assets?: components["schemas"]["AssetInput"][];
            /**
             * @description Added every step (negative to withdraw); a path that reaches 0 is ruined and stays at 0.
             * @default 0
             */
            contribution: number;
            /** @description The assets' correlation matrix, row by row; the identity when left out. */
            correlation?: number[][];
            horizon_years: number;
            initial_value: number;
            /**
             * Format: uuid
             * @description A CSV file with the assets (and optionally their correlations) instead of `assets`.
             */
            inputs_file_id?: string;
            paths: number;
            /** @description The same seed gives the same result on the same backend; chosen at random when left out. */
            seed?: number;
            steps: number;
            /** @description Confidence levels of VaR and CVaR (default 0.95 and 0.99). */
            var_levels?: number[];
        };
        /**
         * @example {
         *       "backend": "numpy",
         *       "bands": {
         *         "p25": [
         *           100000,
         *           131000,
         *           171000
         *         ],
         *         "p5": [
         *           100000,
         *           118000,
         *           142000
         *         ],
         *         "p50": [
         *           100000,
         *           141000,
         *           195000
         *         ],
         *         "p75": [
         *           100000,
         *           152000,
         *           222000
         *         ],
         *         "p95": [
         *           100000,
         *           169000,
         *           268000
         *         ]
         *       },
         *       "job_id": "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87",
         *       "mean_terminal": 201000,
         *       "paths": 10000,
         *       "risk": [
         *         {
         *           "cvar": -31000,
         *           "level": 0.95,
         *           "var": -42000
         *         },
         *         {
         *           "cvar": -14000,
         *           "level": 0.99,
         *           "var": -25000
         *         }
         *       ],
         *       "seed": 20260314,
         *       "std_terminal": 46000,
         *       "steps": 120,
         *       "success_probability": 1,
         *       "terminal_histogram": {
         *         "counts": [
         *           2100,
         *           6300,
         *           1600
         *         ],
         *         "edges": [
         *           80000,
         *           160000,
         *           240000,
         *           320000
         *         ]
         *       },
         *       "times": [
         *         0,
         *         5,
         *         10
         *       ]
         *     }
         */
        SimulationResult: {
            backend: string;
            bands: components["schemas"]["Bands"];
            /** Format: uuid */
            job_id: string;
            mean_terminal: number;
            paths: number;
            risk: components["schemas"]["Risk"][];
            seed: number;
            std_terminal: number;
            steps: number;
            /** @description Share of paths never ruined (never reaching 0). */
            success_probability: number;
            terminal_histogram: components["schemas"]["Histogram"];
            /** @description Years from the start, one per band point. */
            times: number[];
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
        JobId: string;
        /** @description Page size. */
        Limit: number;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type AssetInput = components['schemas']['AssetInput'];
export type Bands = components['schemas']['Bands'];
export type FieldError = components['schemas']['FieldError'];
export type Health = components['schemas']['Health'];
export type HealthStatus = components['schemas']['HealthStatus'];
export type Histogram = components['schemas']['Histogram'];
export type Job = components['schemas']['Job'];
export type JobPage = components['schemas']['JobPage'];
export type JobStatus = components['schemas']['JobStatus'];
export type JobStatusFilter = components['schemas']['JobStatusFilter'];
export type PageInfo = components['schemas']['PageInfo'];
export type Problem = components['schemas']['Problem'];
export type Queue = components['schemas']['Queue'];
export type QueuedJob = components['schemas']['QueuedJob'];
export type Risk = components['schemas']['Risk'];
export type SimulationFinished = components['schemas']['SimulationFinished'];
export type SimulationProgress = components['schemas']['SimulationProgress'];
export type SimulationRequest = components['schemas']['SimulationRequest'];
export type SimulationResult = components['schemas']['SimulationResult'];
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
export type ParameterJobId = components['parameters']['JobId'];
export type ParameterLimit = components['parameters']['Limit'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    listSimulations: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from a previous page's `next_cursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Only jobs in this state (`any`, the default, for all). */
                status?: components["schemas"]["JobStatusFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of jobs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    createSimulation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string up to 200 characters, chosen by the client per intended job. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulationRequest"];
            };
        };
        responses: {
            /** @description The queued job (or the existing one for a repeated Idempotency-Key). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queue. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Queue"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    cancelSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job, cancelled (or, while running, about to stop). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    getSimulationResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Percentile bands over time, the terminal distribution and its risk measures. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulationResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    simulationCancelled: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulationFinished"];
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
    simulationCompleted: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulationFinished"];
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
    simulationFailed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulationFinished"];
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
    simulationProgress: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulationProgress"];
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
