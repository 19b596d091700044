// Generated from contracts/guidance.yaml by `turnout gen`. Never edited by hand.
export interface paths {
    "/guidance/analyses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Analyse the caller's finances and store the recommendations.
         * @description The period defaults to the `analysis_window_days` (platform setting) up to today; `start`
         *     after `end` is 422. With `fire_probability: true` a Monte Carlo simulation (the simulation
         *     service, owned by the caller) estimates the probability of reaching the FIRE number by the
         *     horizon (`retirement_age - age`, else the closed-form years to FI). The analysis waits for it
         *     within the request's deadline and the platform's `fire_wait_seconds`; a simulation still
         *     running then is answered as `probability.status: pending` with its `simulation_id`: read
         *     `/simulations/{simulation_id}/result` later. A simulation that cannot be started (the
         *     caller's queue is full, say) is `probability.status: unavailable` with the reason.
         *     The caller's earlier active recommendations become `superseded`.
         */
        post: operations["analyze"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/guidance/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's stored recommendations, newest first. */
        get: operations["listRecommendations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/guidance/recommendations/{recommendation_id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                recommendation_id: components["parameters"]["RecommendationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dismiss one of the caller's recommendations; dismissing it again changes nothing. */
        post: operations["dismissRecommendation"];
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
        Analysis: {
            /** Format: date-time */
            created_at: string;
            debts: components["schemas"]["DebtPlan"];
            emergency_fund: components["schemas"]["EmergencyFund"];
            /** Format: date */
            end: string;
            /** @description Whether the inference risk score is included. */
            enriched: boolean;
            /** @description Why the risk score is missing (inference unavailable, timed out, refused). */
            enrichment_reason: string | null;
            fire: components["schemas"]["Fire"];
            /** Format: uuid */
            id: string;
            recommendations: components["schemas"]["Recommendation"][];
            risk: components["schemas"]["RiskScore"] | null;
            rules_version: string;
            /** Format: date */
            start: string;
            summary: components["schemas"]["Summary"];
        };
        /** @description What analytics cannot know; each given value takes precedence over the one derived from analytics. */
        AnalysisInputs: {
            age?: number;
            /** @description Yearly amount invested (default twelve times the monthly income minus expenses). */
            annual_savings?: number;
            /** @description Yearly spending in retirement (default twelve times the monthly expenses). */
            annual_spending?: number;
            /** @description Invested assets (default the investment and retirement assets recorded in analytics). */
            current_investments?: number;
            /** @description Months of expenses the emergency fund should cover (default the platform's). */
            emergency_fund_target_months?: number;
            /** @description Annual expected return of the investments (default the platform's). */
            expected_return?: number;
            /** @description With `age`, the horizon of the FIRE probability. */
            retirement_age?: number;
            /** @description Share of the portfolio withdrawn yearly in retirement (default the platform's, e.g. 0.04). */
            safe_withdrawal_rate?: number;
            /** @description Annual volatility of the investments, for the FIRE probability (default the platform's). */
            volatility?: number;
        };
        AnalysisRequest: {
            /**
             * Format: date
             * @description Last day of the period analysed (default today).
             */
            end?: string;
            /**
             * @description Also estimate the probability of reaching the FIRE number with a Monte Carlo simulation.
             * @default false
             */
            fire_probability: boolean;
            inputs?: components["schemas"]["AnalysisInputs"];
            /**
             * Format: date
             * @description First day of the period analysed.
             */
            start?: string;
        };
        Debt: {
            balance: number;
            category: string;
            interest_rate: number | null;
            minimum_payment: number | null;
            name: string;
        };
        DebtPlan: {
            /**
             * @description Highest interest rate first, which pays the least interest.
             * @enum {string}
             */
            method: "avalanche";
            order: components["schemas"]["Debt"][];
            /** @description The alternative, smallest balance first, by name. */
            snowball_order: string[];
        };
        EmergencyFund: {
            /** @description Months of expenses the liquid savings cover; null without expenses. */
            months: number | null;
            /** @description What is missing to the target, in money. */
            shortfall: number;
            target_months: number;
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
        Fire: {
            annual_expenses: number;
            annual_savings: number;
            current_investments: number;
            expected_return: number;
            /** @description Annual expenses over the safe withdrawal rate; null without expenses. */
            fire_number: number | null;
            probability: components["schemas"]["FireProbability"];
            safe_withdrawal_rate: number;
            /** @description Closed form with yearly savings and compound return; null when never reached. */
            years_to_fi: number | null;
        };
        FireProbability: {
            horizon_years: number | null;
            reason: string | null;
            /**
             * Format: uuid
             * @description The caller's simulation; while pending, its result is read from the simulation service.
             */
            simulation_id: string | null;
            status: components["schemas"]["ProbabilityStatus"];
            /** @description Share of simulated paths at or above the FIRE number at the horizon. */
            value: number | null;
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
        /** @enum {string} */
        Priority: "high" | "medium" | "low";
        /** @enum {string} */
        ProbabilityStatus: "not_requested" | "succeeded" | "pending" | "unavailable";
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
        Recommendation: {
            /** Format: uuid */
            analysis_id: string;
            category: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            dismissed_at: string | null;
            /** Format: uuid */
            id: string;
            /** @description The figures the rule's conditions read, by name, with their values. */
            inputs: components["schemas"]["RecommendationInput"][];
            message: string;
            priority: components["schemas"]["Priority"];
            rule_id: string;
            rule_version: number;
            status: components["schemas"]["RecommendationStatus"];
            /** @description What the rule was evaluated for (a spending category, a debt, a merchant), if anything. */
            subject: string | null;
        };
        RecommendationInput: {
            name: string;
            value: number;
        };
        RecommendationPage: {
            items: components["schemas"]["Recommendation"][];
            page: components["schemas"]["PageInfo"];
        };
        /** @enum {string} */
        RecommendationStatus: "active" | "dismissed" | "superseded";
        /**
         * @default any
         * @enum {string}
         */
        RecommendationStatusFilter: "any" | "active" | "dismissed" | "superseded";
        RiskScore: {
            label: string;
            model: string;
            score: number;
            version: number;
        };
        Summary: {
            /** @description Credit card balances over their limits; null without a limit recorded. */
            credit_utilisation: number | null;
            investment_assets: number;
            liquid_savings: number;
            monthly_expenses: number;
            monthly_income: number;
            savings_rate: number | null;
            total_debt: number;
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
        RecommendationId: string;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type Analysis = components['schemas']['Analysis'];
export type AnalysisInputs = components['schemas']['AnalysisInputs'];
export type AnalysisRequest = components['schemas']['AnalysisRequest'];
export type Debt = components['schemas']['Debt'];
export type DebtPlan = components['schemas']['DebtPlan'];
export type EmergencyFund = components['schemas']['EmergencyFund'];
export type FieldError = components['schemas']['FieldError'];
export type Fire = components['schemas']['Fire'];
export type FireProbability = components['schemas']['FireProbability'];
export type Health = components['schemas']['Health'];
export type HealthStatus = components['schemas']['HealthStatus'];
export type PageInfo = components['schemas']['PageInfo'];
export type Priority = components['schemas']['Priority'];
export type ProbabilityStatus = components['schemas']['ProbabilityStatus'];
export type Problem = components['schemas']['Problem'];
export type Recommendation = components['schemas']['Recommendation'];
export type RecommendationInput = components['schemas']['RecommendationInput'];
export type RecommendationPage = components['schemas']['RecommendationPage'];
export type RecommendationStatus = components['schemas']['RecommendationStatus'];
export type RecommendationStatusFilter = components['schemas']['RecommendationStatusFilter'];
export type RiskScore = components['schemas']['RiskScore'];
export type Summary = components['schemas']['Summary'];
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
export type ParameterRecommendationId = components['parameters']['RecommendationId'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    analyze: {
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
                 *       "end": "2026-03-31",
                 *       "fire_probability": false,
                 *       "inputs": {
                 *         "age": 35,
                 *         "annual_spending": 36000,
                 *         "current_investments": 120000,
                 *         "expected_return": 0.05,
                 *         "retirement_age": 55
                 *       },
                 *       "start": "2026-01-01"
                 *     }
                 */
                "application/json": components["schemas"]["AnalysisRequest"];
            };
        };
        responses: {
            /** @description The analysis and the recommendations it stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "created_at": "2026-04-01T08:00:00Z",
                     *       "debts": {
                     *         "method": "avalanche",
                     *         "order": [
                     *           {
                     *             "balance": 4000,
                     *             "category": "credit_card",
                     *             "interest_rate": 0.22,
                     *             "minimum_payment": 100,
                     *             "name": "Visa"
                     *           }
                     *         ],
                     *         "snowball_order": [
                     *           "Visa"
                     *         ]
                     *       },
                     *       "emergency_fund": {
                     *         "months": 1.71,
                     *         "shortfall": 15000,
                     *         "target_months": 6
                     *       },
                     *       "end": "2026-03-31",
                     *       "enriched": true,
                     *       "enrichment_reason": null,
                     *       "fire": {
                     *         "annual_expenses": 36000,
                     *         "annual_savings": 18000,
                     *         "current_investments": 120000,
                     *         "expected_return": 0.05,
                     *         "fire_number": 900000,
                     *         "probability": {
                     *           "horizon_years": null,
                     *           "reason": null,
                     *           "simulation_id": null,
                     *           "status": "not_requested",
                     *           "value": null
                     *         },
                     *         "safe_withdrawal_rate": 0.04,
                     *         "years_to_fi": 22.6
                     *       },
                     *       "id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                     *       "recommendations": [
                     *         {
                     *           "analysis_id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                     *           "category": "emergency_fund",
                     *           "created_at": "2026-04-01T08:00:00Z",
                     *           "dismissed_at": null,
                     *           "id": "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f",
                     *           "inputs": [
                     *             {
                     *               "name": "emergency_fund_months",
                     *               "value": 1.71
                     *             },
                     *             {
                     *               "name": "emergency_fund_target_months",
                     *               "value": 6
                     *             }
                     *           ],
                     *           "message": "Your liquid savings cover 1.7 months of expenses; build them up to 6 months.",
                     *           "priority": "high",
                     *           "rule_id": "emergency_fund.low",
                     *           "rule_version": 1,
                     *           "status": "active",
                     *           "subject": null
                     *         }
                     *       ],
                     *       "risk": {
                     *         "label": "low",
                     *         "model": "financial-risk",
                     *         "score": 0.31,
                     *         "version": 1
                     *       },
                     *       "rules_version": "2026.1",
                     *       "start": "2026-01-01",
                     *       "summary": {
                     *         "credit_utilisation": 0.4,
                     *         "investment_assets": 120000,
                     *         "liquid_savings": 6000,
                     *         "monthly_expenses": 3500,
                     *         "monthly_income": 5000,
                     *         "savings_rate": 0.3,
                     *         "total_debt": 4000
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Analysis"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRecommendations: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from a previous page's `next_cursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Only recommendations in this status (`any` for all). */
                status?: components["schemas"]["RecommendationStatusFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of recommendations; `page.next_cursor` fetches the next one. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "analysis_id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                     *           "category": "emergency_fund",
                     *           "created_at": "2026-04-01T08:00:00Z",
                     *           "dismissed_at": null,
                     *           "id": "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f",
                     *           "inputs": [
                     *             {
                     *               "name": "emergency_fund_months",
                     *               "value": 1.71
                     *             },
                     *             {
                     *               "name": "emergency_fund_target_months",
                     *               "value": 6
                     *             }
                     *           ],
                     *           "message": "Your liquid savings cover 1.7 months of expenses; build them up to 6 months.",
                     *           "priority": "high",
                     *           "rule_id": "emergency_fund.low",
                     *           "rule_version": 1,
                     *           "status": "active",
                     *           "subject": null
                     *         }
                     *       ],
                     *       "page": {
                     *         "limit": 50,
                     *         "next_cursor": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RecommendationPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    dismissRecommendation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                recommendation_id: components["parameters"]["RecommendationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recommendation, dismissed (with the time it was first dismissed). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "analysis_id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                     *       "category": "emergency_fund",
                     *       "created_at": "2026-04-01T08:00:00Z",
                     *       "dismissed_at": "2026-04-02T09:30:00Z",
                     *       "id": "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f",
                     *       "inputs": [
                     *         {
                     *           "name": "emergency_fund_months",
                     *           "value": 1.71
                     *         },
                     *         {
                     *           "name": "emergency_fund_target_months",
                     *           "value": 6
                     *         }
                     *       ],
                     *       "message": "Your liquid savings cover 1.7 months of expenses; build them up to 6 months.",
                     *       "priority": "high",
                     *       "rule_id": "emergency_fund.low",
                     *       "rule_version": 1,
                     *       "status": "dismissed",
                     *       "subject": null
                     *     }
                     */
                    "application/json": components["schemas"]["Recommendation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
}
