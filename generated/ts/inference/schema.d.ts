// Generated from contracts/inference.yaml by `turnout gen`. Never edited by hand.
export interface paths {
    "/inference/batch-scores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's batch scoring jobs, newest first. */
        get: operations["listBatchScores"];
        put?: never;
        /**
         * Queue a batch scoring job; the same Idempotency-Key returns the same job.
         * @description The rows come inline (`rows`) or as a CSV file of the caller's (`file_id`): a header of
         *     the model's feature names and optionally an `id` column, one feature set per line. The
         *     job scores them in chunks (a restarted job goes on from its last finished chunk) with
         *     the model version active when it was queued, and writes a CSV file of the caller's:
         *     `id,score,label` (`id` is the row's id, or its 1-based number when there is none). A
         *     file that is not such a CSV, or an inline row that breaks the rules of `predict`, is 422
         *     naming its line or row; a file the caller cannot read is 404. The same
         *     `Idempotency-Key` with a different body is 409; a user with as many jobs waiting as the
         *     platform allows is refused with 429.
         */
        post: operations["createBatchScore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/batch-scores/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        /** A batch job's status, progress and, once it succeeded, its result file. */
        get: operations["getBatchScore"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/batch-scores/{job_id}/cancel": {
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
        /** Cancel a queued or running batch job; a finished one is left as it is (409). */
        post: operations["cancelBatchScore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every model with its active version's schema. */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/models/{model_name}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_name: components["parameters"]["ModelName"];
            };
            cookie?: never;
        };
        /** A model's active version, its features, inputs and outputs. */
        get: operations["getModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/models/{model_name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_name: components["parameters"]["ModelName"];
            };
            cookie?: never;
        };
        /** Every version of a model, newest first (admins only). */
        get: operations["listModelVersions"];
        put?: never;
        /**
         * Upload an ONNX model as the model's next version (admins only).
         * @description The body is multipart/form-data with one part, `file`, the `.onnx` bytes. The model is
         *     loaded and checked before anything is kept: one that onnxruntime cannot load, or that
         *     breaks the rules in the contract's description (input, outputs, `feature_names`) is 422
         *     saying why. The first version of a new model becomes active; later ones wait for
         *     `activateModelVersion`. The bytes are stored through the files service.
         */
        post: operations["uploadModelVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/models/{model_name}/versions/{version}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_name: components["parameters"]["ModelName"];
                version: components["parameters"]["Version"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a version the one every replica serves (admins only). */
        post: operations["activateModelVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/predict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score one feature set with a model's active version.
         * @description Unknown or missing feature names, values that are not numbers or are outside the model's
         *     ranges are 422, each named in the problem's `errors` (`features.<name>`). An unknown
         *     model is 404.
         */
        post: operations["predict"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inference/what-if": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score a base feature set and scenarios that change some of its features.
         * @description Each scenario is the base with its `changes` applied; its `difference` is its score less
         *     the base's. Feature names and values are checked as in `predict` (422 naming
         *     `base.features.<name>` or `scenarios.<i>.changes.<name>`).
         */
        post: operations["whatIf"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "cancel_requested": false,
         *       "created_at": "2026-03-14T09:26:53Z",
         *       "error": null,
         *       "finished_at": "2026-03-14T09:26:55Z",
         *       "id": "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87",
         *       "model": "financial-risk",
         *       "progress": 1,
         *       "result_file_id": "3c9a1f0e-2b4d-4e6f-8a7b-9c0d1e2f3a4b",
         *       "rows": 2,
         *       "started_at": "2026-03-14T09:26:54Z",
         *       "status": "succeeded",
         *       "version": 1
         *     }
         */
        BatchJob: {
            /** @default false */
            cancel_requested: boolean;
            /** Format: date-time */
            created_at: string;
            error?: string | null;
            /** Format: date-time */
            finished_at?: string | null;
            /** Format: uuid */
            id: string;
            model: string;
            progress: number;
            /**
             * Format: uuid
             * @description The CSV of scores (a file of the job's owner), once the job has succeeded.
             */
            result_file_id?: string | null;
            rows: number;
            /** Format: date-time */
            started_at?: string | null;
            status: components["schemas"]["JobStatus"];
            version: number;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "cancel_requested": false,
         *           "created_at": "2026-03-14T09:26:53Z",
         *           "error": null,
         *           "finished_at": "2026-03-14T09:26:55Z",
         *           "id": "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87",
         *           "model": "financial-risk",
         *           "progress": 1,
         *           "result_file_id": "3c9a1f0e-2b4d-4e6f-8a7b-9c0d1e2f3a4b",
         *           "rows": 2,
         *           "started_at": "2026-03-14T09:26:54Z",
         *           "status": "succeeded",
         *           "version": 1
         *         }
         *       ],
         *       "page": {
         *         "limit": 50,
         *         "next_cursor": null
         *       }
         *     }
         */
        BatchJobPage: {
            items: components["schemas"]["BatchJob"][];
            page: components["schemas"]["PageInfo"];
        };
        BatchRow: {
            features: components["schemas"]["Features"];
            /** @description Copied to the result; the row's 1-based number when left out. */
            id?: string;
        };
        /**
         * @example {
         *       "model": "financial-risk",
         *       "rows": [
         *         {
         *           "features": {
         *             "credit_utilisation": 0.62,
         *             "investment_assets": 5000,
         *             "liquid_savings": 2500,
         *             "monthly_expenses": 3900,
         *             "monthly_income": 4200,
         *             "total_debt": 18000
         *           },
         *           "id": "household-1"
         *         },
         *         {
         *           "features": {
         *             "credit_utilisation": 0.1,
         *             "investment_assets": 60000,
         *             "liquid_savings": 24000,
         *             "monthly_expenses": 3100,
         *             "monthly_income": 6500,
         *             "total_debt": 4000
         *           },
         *           "id": "household-2"
         *         }
         *       ]
         *     }
         */
        BatchScoreRequest: {
            /**
             * Format: uuid
             * @description A CSV file of the caller's (or shared with them), instead of `rows`.
             */
            file_id?: string;
            /** @default financial-risk */
            model: components["schemas"]["ModelName"];
            rows?: components["schemas"]["BatchRow"][];
        };
        Contribution: {
            /** @description The feature's share of the score's log-odds (positive = riskier). */
            contribution: number;
            feature: string;
            value: number;
        };
        FeatureSet: {
            features: components["schemas"]["Features"];
        };
        /**
         * @description Feature name -> number. Any JSON value is accepted here so that every wrong one is named
         *     in one 422 (not a number, unknown name, out of range); a model says its names.
         */
        Features: {
            [key: string]: unknown;
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
        /** @enum {string} */
        JobStatus: "queued" | "running" | "succeeded" | "failed" | "cancelled";
        /** @enum {string} */
        Label: "low" | "medium" | "high";
        /**
         * @example {
         *       "activated_at": "2026-01-02T03:04:05Z",
         *       "description": "Financial risk: a logistic score over six household features.",
         *       "features": [
         *         "monthly_income",
         *         "monthly_expenses",
         *         "liquid_savings",
         *         "total_debt",
         *         "credit_utilisation",
         *         "investment_assets"
         *       ],
         *       "inputs": [
         *         {
         *           "name": "features",
         *           "shape": [
         *             null,
         *             6
         *           ],
         *           "type": "tensor(float)"
         *         }
         *       ],
         *       "label_thresholds": [
         *         0.33,
         *         0.66
         *       ],
         *       "name": "financial-risk",
         *       "outputs": [
         *         {
         *           "name": "score",
         *           "shape": [
         *             null
         *           ],
         *           "type": "tensor(float)"
         *         },
         *         {
         *           "name": "contributions",
         *           "shape": [
         *             null,
         *             6
         *           ],
         *           "type": "tensor(float)"
         *         }
         *       ],
         *       "version": 1,
         *       "versions": 1
         *     }
         */
        ModelInfo: {
            /** Format: date-time */
            activated_at: string;
            /** @description The model's own doc string. */
            description: string;
            features: string[];
            inputs: components["schemas"]["Tensor"][];
            /** @description Scores from the first are medium, from the second high. */
            label_thresholds: number[];
            name: string;
            outputs: components["schemas"]["Tensor"][];
            /** @description The active version. */
            version: number;
            /** @description How many versions the model has. */
            versions: number;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "activated_at": "2026-01-02T03:04:05Z",
         *           "description": "Financial risk: a logistic score over six household features.",
         *           "features": [
         *             "monthly_income",
         *             "monthly_expenses",
         *             "liquid_savings",
         *             "total_debt",
         *             "credit_utilisation",
         *             "investment_assets"
         *           ],
         *           "inputs": [
         *             {
         *               "name": "features",
         *               "shape": [
         *                 null,
         *                 6
         *               ],
         *               "type": "tensor(float)"
         *             }
         *           ],
         *           "label_thresholds": [
         *             0.33,
         *             0.66
         *           ],
         *           "name": "financial-risk",
         *           "outputs": [
         *             {
         *               "name": "score",
         *               "shape": [
         *                 null
         *               ],
         *               "type": "tensor(float)"
         *             },
         *             {
         *               "name": "contributions",
         *               "shape": [
         *                 null,
         *                 6
         *               ],
         *               "type": "tensor(float)"
         *             }
         *           ],
         *           "version": 1,
         *           "versions": 1
         *         }
         *       ]
         *     }
         */
        ModelList: {
            items: components["schemas"]["ModelInfo"][];
        };
        /** @description Lower-case letters, digits and dashes. */
        ModelName: string;
        /**
         * @example {
         *       "active": false,
         *       "created_at": "2026-01-02T03:04:05Z",
         *       "features": [
         *         "monthly_income",
         *         "monthly_expenses",
         *         "liquid_savings",
         *         "total_debt",
         *         "credit_utilisation",
         *         "investment_assets"
         *       ],
         *       "file_id": "3c9a1f0e-2b4d-4e6f-8a7b-9c0d1e2f3a4b",
         *       "inputs": [
         *         {
         *           "name": "features",
         *           "shape": [
         *             null,
         *             6
         *           ],
         *           "type": "tensor(float)"
         *         }
         *       ],
         *       "name": "financial-risk",
         *       "outputs": [
         *         {
         *           "name": "score",
         *           "shape": [
         *             null
         *           ],
         *           "type": "tensor(float)"
         *         }
         *       ],
         *       "sha256": "9f2b5c0e1d4a7b3c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f",
         *       "size": 1220,
         *       "version": 2
         *     }
         */
        ModelVersion: {
            active: boolean;
            /** Format: date-time */
            created_at: string;
            features: string[];
            /**
             * Format: uuid
             * @description The stored artifact in the files service; null for the model the platform ships.
             */
            file_id: string | null;
            inputs: components["schemas"]["Tensor"][];
            name: string;
            outputs: components["schemas"]["Tensor"][];
            sha256: string;
            /** @description Bytes of the ONNX model. */
            size: number;
            version: number;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "active": true,
         *           "created_at": "2026-01-02T03:04:05Z",
         *           "features": [
         *             "monthly_income",
         *             "monthly_expenses",
         *             "liquid_savings",
         *             "total_debt",
         *             "credit_utilisation",
         *             "investment_assets"
         *           ],
         *           "file_id": null,
         *           "inputs": [
         *             {
         *               "name": "features",
         *               "shape": [
         *                 null,
         *                 6
         *               ],
         *               "type": "tensor(float)"
         *             }
         *           ],
         *           "name": "financial-risk",
         *           "outputs": [
         *             {
         *               "name": "score",
         *               "shape": [
         *                 null
         *               ],
         *               "type": "tensor(float)"
         *             }
         *           ],
         *           "sha256": "9f2b5c0e1d4a7b3c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f",
         *           "size": 1220,
         *           "version": 1
         *         }
         *       ]
         *     }
         */
        ModelVersionList: {
            items: components["schemas"]["ModelVersion"][];
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
         *       "features": {
         *         "credit_utilisation": 0.62,
         *         "investment_assets": 5000,
         *         "liquid_savings": 2500,
         *         "monthly_expenses": 3900,
         *         "monthly_income": 4200,
         *         "total_debt": 18000
         *       },
         *       "model": "financial-risk"
         *     }
         */
        PredictRequest: {
            features: components["schemas"]["Features"];
            /** @default financial-risk */
            model: components["schemas"]["ModelName"];
        };
        /**
         * @example {
         *       "contributions": [
         *         {
         *           "contribution": -0.0471,
         *           "feature": "monthly_income",
         *           "value": 4200
         *         },
         *         {
         *           "contribution": 0.2435,
         *           "feature": "monthly_expenses",
         *           "value": 3900
         *         },
         *         {
         *           "contribution": 0.6299,
         *           "feature": "liquid_savings",
         *           "value": 2500
         *         },
         *         {
         *           "contribution": 0.0859,
         *           "feature": "total_debt",
         *           "value": 18000
         *         },
         *         {
         *           "contribution": 0.8,
         *           "feature": "credit_utilisation",
         *           "value": 0.62
         *         },
         *         {
         *           "contribution": 0.3758,
         *           "feature": "investment_assets",
         *           "value": 5000
         *         }
         *       ],
         *       "label": "high",
         *       "model": "financial-risk",
         *       "score": 0.7757,
         *       "version": 1
         *     }
         */
        Prediction: {
            /** @description One per feature, in the model's order; empty when the model gives none. */
            contributions: components["schemas"]["Contribution"][];
            label: components["schemas"]["Label"];
            model: string;
            /** @description Higher is riskier. */
            score: number;
            version: number;
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
        Scenario: {
            changes: components["schemas"]["Features"];
            name: string;
        };
        ScenarioResult: {
            /** @description The scenario's score less the base's. */
            difference: number;
            label: components["schemas"]["Label"];
            name: string;
            score: number;
        };
        Tensor: {
            name: string;
            /** @description One entry per dimension; null for a dimension of any size. */
            shape: (number | null)[];
            /** @description The ONNX element type as onnxruntime names it, e.g. `tensor(float)`. */
            type: string;
        };
        /**
         * @example {
         *       "base": {
         *         "features": {
         *           "credit_utilisation": 0.62,
         *           "investment_assets": 5000,
         *           "liquid_savings": 2500,
         *           "monthly_expenses": 3900,
         *           "monthly_income": 4200,
         *           "total_debt": 18000
         *         }
         *       },
         *       "model": "financial-risk",
         *       "scenarios": [
         *         {
         *           "changes": {
         *             "credit_utilisation": 0.2,
         *             "total_debt": 12000
         *           },
         *           "name": "pay down the cards"
         *         },
         *         {
         *           "changes": {
         *             "monthly_expenses": 3300
         *           },
         *           "name": "cut spending"
         *         }
         *       ]
         *     }
         */
        WhatIfRequest: {
            base: components["schemas"]["FeatureSet"];
            /** @default financial-risk */
            model: components["schemas"]["ModelName"];
            scenarios: components["schemas"]["Scenario"][];
        };
        /**
         * @example {
         *       "base": {
         *         "contributions": [
         *           {
         *             "contribution": -0.0471,
         *             "feature": "monthly_income",
         *             "value": 4200
         *           },
         *           {
         *             "contribution": 0.2435,
         *             "feature": "monthly_expenses",
         *             "value": 3900
         *           },
         *           {
         *             "contribution": 0.6299,
         *             "feature": "liquid_savings",
         *             "value": 2500
         *           },
         *           {
         *             "contribution": 0.0859,
         *             "feature": "total_debt",
         *             "value": 18000
         *           },
         *           {
         *             "contribution": 0.8,
         *             "feature": "credit_utilisation",
         *             "value": 0.62
         *           },
         *           {
         *             "contribution": 0.3758,
         *             "feature": "investment_assets",
         *             "value": 5000
         *           }
         *         ],
         *         "label": "high",
         *         "model": "financial-risk",
         *         "score": 0.7757,
         *         "version": 1
         *       },
         *       "scenarios": [
         *         {
         *           "difference": -0.2754,
         *           "label": "medium",
         *           "name": "pay down the cards",
         *           "score": 0.5003
         *         },
         *         {
         *           "difference": -0.0284,
         *           "label": "high",
         *           "name": "cut spending",
         *           "score": 0.7473
         *         }
         *       ]
         *     }
         */
        WhatIfResult: {
            base: components["schemas"]["Prediction"];
            scenarios: components["schemas"]["ScenarioResult"][];
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
        ModelName: components["schemas"]["ModelName"];
        Version: number;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type BatchJob = components['schemas']['BatchJob'];
export type BatchJobPage = components['schemas']['BatchJobPage'];
export type BatchRow = components['schemas']['BatchRow'];
export type BatchScoreRequest = components['schemas']['BatchScoreRequest'];
export type Contribution = components['schemas']['Contribution'];
export type FeatureSet = components['schemas']['FeatureSet'];
export type Features = components['schemas']['Features'];
export type FieldError = components['schemas']['FieldError'];
export type Health = components['schemas']['Health'];
export type HealthStatus = components['schemas']['HealthStatus'];
export type JobStatus = components['schemas']['JobStatus'];
export type Label = components['schemas']['Label'];
export type ModelInfo = components['schemas']['ModelInfo'];
export type ModelList = components['schemas']['ModelList'];
export type ModelName = components['schemas']['ModelName'];
export type ModelVersion = components['schemas']['ModelVersion'];
export type ModelVersionList = components['schemas']['ModelVersionList'];
export type PageInfo = components['schemas']['PageInfo'];
export type PredictRequest = components['schemas']['PredictRequest'];
export type Prediction = components['schemas']['Prediction'];
export type Problem = components['schemas']['Problem'];
export type Scenario = components['schemas']['Scenario'];
export type ScenarioResult = components['schemas']['ScenarioResult'];
export type Tensor = components['schemas']['Tensor'];
export type WhatIfRequest = components['schemas']['WhatIfRequest'];
export type WhatIfResult = components['schemas']['WhatIfResult'];
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
export type ParameterModelName = components['parameters']['ModelName'];
export type ParameterVersion = components['parameters']['Version'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    listBatchScores: {
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
            /** @description A page of jobs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchJobPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    createBatchScore: {
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
                "application/json": components["schemas"]["BatchScoreRequest"];
            };
        };
        responses: {
            /** @description The queued job (or the existing one for a repeated Idempotency-Key). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchJob"];
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
    getBatchScore: {
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
                    "application/json": components["schemas"]["BatchJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    cancelBatchScore: {
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
                    "application/json": components["schemas"]["BatchJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The models, by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_name: components["parameters"]["ModelName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    listModelVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_name: components["parameters"]["ModelName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    uploadModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_name: components["parameters"]["ModelName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The ONNX model's bytes.
                     */
                    file: string;
                };
            };
        };
        responses: {
            /** @description The stored version. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
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
    activateModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_name: components["parameters"]["ModelName"];
                version: components["parameters"]["Version"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model, with the version now active. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    predict: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PredictRequest"];
            };
        };
        responses: {
            /** @description The score, its label and each feature's contribution. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prediction"];
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
    whatIf: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhatIfRequest"];
            };
        };
        responses: {
            /** @description The base prediction and each scenario's score and difference. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhatIfResult"];
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
}
