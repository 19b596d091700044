// Generated from contracts/analytics.yaml by `turnout gen`. Never edited by hand.
export interface paths {
    "/analytics/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's assets and liabilities, newest first, each with its latest value. */
        get: operations["listAssets"];
        put?: never;
        /** Add an asset or a liability of the caller's (its values come with recordAssetValue). */
        post: operations["createAsset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/assets/{asset_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: components["parameters"]["AssetId"];
            };
            cookie?: never;
        };
        /** One of the caller's assets, with its latest value. */
        get: operations["getAsset"];
        put?: never;
        post?: never;
        /** Delete one of the caller's assets and its values. */
        delete: operations["deleteAsset"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/assets/{asset_id}/values": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: components["parameters"]["AssetId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record an asset's value (a liability's balance owed) on a date; the same date again replaces it. */
        post: operations["recordAssetValue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cash flow, spending, recurring payments, anomalies, net worth and health over [start, end].
         * @description `start` and `end` are inclusive (default: the 365 days ending today, UTC); `period` buckets
         *     the series: `day`, `week` (starting Monday) or `month` (starting the 1st); a bucket's
         *     `period_start` may lie before `start`. A range longer than `max_range_days`, or `start`
         *     after `end`, is 422. All sums are computed in the database.
         *
         *     - `cash_flow`: every bucket of the range, `income` (sum of positive amounts), `expenses`
         *       (sum of negative amounts, as a positive number), `net` = income - expenses.
         *     - `spending_by_category`: expenses per bucket and category (positive), largest first.
         *     - `top_merchants`: the `top_merchants` merchants with the largest expenses (positive
         *       `amount`, `count` of expenses); transactions without a merchant are left out.
         *     - `recurring`: a merchant whose expenses in the range are at least 3, every amount within
         *       10% of their mean, and every gap between consecutive dates within 25% (at least 3 days)
         *       of the mean gap (which is 5 to 400 days). `amount` is the mean payment (positive),
         *       `interval_days` the mean gap, `last_date` the latest date.
         *     - `anomalies`: per category (with at least 5 transactions in the range), the median and
         *       MAD (median absolute deviation) of its signed amounts; a transaction's robust z-score
         *       is 0.6745 x |amount - median| / MAD and it is an anomaly when that is over 3.5
         *       (Iglewicz and Hoaglin). A category whose MAD is 0 flags nothing. Largest scores
         *       first, at most `max_anomalies`.
         *     - `monthly_income`, `monthly_expenses`: the range's totals per 30.44-day month;
         *       `savings_rate` = net / income (null without income); `emergency_fund_months` =
         *       liquid assets (latest cash and savings values on or before `end`) / monthly_expenses
         *       (null without expenses).
         *     - `net_worth`: latest value of each asset and liability on or before `end`, and the same
         *       at the last day of each bucket (`series`, `date` clipped to `end`).
         *     - `health.score` (0-100) = round(sum of weight x component score), components:
         *       `savings_rate` (weight 0.30; 100 at 20% or more, linear to 0 at 0% or less),
         *       `emergency_fund` (0.25; months of expenses held liquid, 100 at 6 or more, linear to 0;
         *       without expenses 100 if any liquid assets, else 0),
         *       `debt_to_income` (0.20; sum of liabilities' `minimum_payment` / monthly income, 100 at
         *       0, linear to 0 at 0.43 or more; without income 100 if no payments are due, else 0),
         *       `credit_utilisation` (0.15; credit card balances / their credit limits, 100 at 10% or
         *       less, linear to 0 at 90% or more; 100 without a card with a limit),
         *       `cash_flow_stability` (0.10; share of the range's buckets with net >= 0, x 100).
         *       A component's `value` is null where it is undefined (no income, no expenses, no card).
         *
         *     Answers are cached per user for `cache_ttl_seconds`; any import or asset change by the
         *     user is seen by the next call in every replica.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's transactions, newest date first, optionally within [start, end]. */
        get: operations["listTransactions"];
        put?: never;
        /**
         * Import a batch of the caller's transactions.
         * @description All or nothing: any bad transaction (amount with more than two decimals, text too long,
         *     ...) is 422 naming each one by its index (`transactions.3.amount`), and nothing is stored.
         *     At most `max_import_rows` transactions per request (422 beyond). Duplicates (an
         *     `external_id` the caller already has, or one repeated within the batch: the first wins)
         *     are skipped and counted.
         */
        post: operations["importTransactions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/transactions/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import the caller's transactions from an uploaded CSV or XLSX file.
         * @description `file_id` is a file of the caller's, or one shared with them, read through the files
         *     service (another user's file is 404). `format` defaults from the file's name (`.csv`,
         *     `.xlsx`) or media type. The first row (first sheet for XLSX) is the header; `mapping`
         *     names the column holding each field, by default the field's own name: `date`
         *     (YYYY-MM-DD; in XLSX a date cell too), `amount` (a number, `.` decimal point), and
         *     optional `description`, `merchant`, `category` (default `uncategorized`) and
         *     `external_id`. Without an `external_id` column each row gets one derived from its
         *     content (date, amount, description, merchant and how often that same content appeared
         *     before in the file), so importing the same file twice stores nothing the second time.
         *     Any bad row (bad date or amount, text too long) is 422 naming its line, a missing
         *     required column is 422 naming it, and nothing is stored. Files over `max_file_bytes`
         *     or with more than `max_import_rows` rows are 422.
         */
        post: operations["importTransactionFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Platform usage per day over [start, end] (admin only).
         * @description Built from the events analytics consumes: the HTTP edge's `turnout.usage` reports
         *     (requests per plugin, errors, users seen), `files.uploaded` and `simulation.completed`.
         *     `start` and `end` are inclusive UTC days (default: the 30 days ending today; with only
         *     `start`, the 30 days from it); every day of the range is listed, oldest first, days
         *     without traffic with zeros.
         *     A range longer than 366 days, or `start` after `end`, is 422.
         *
         *     - `requests_by_plugin`: requests to each plugin's operations that day, `errors` those
         *       answered 5xx, `client_errors` those answered 4xx; a report counts on the day its
         *       window started.
         *     - `active_users`: distinct users who made an authenticated request that day.
         *     - `simulations_run`: simulations that ran to their result that day (a failed one gave
         *       nothing to use and a cancelled one may never have run: neither is counted).
         *     - `files_uploaded`: files stored that day.
         *
         *     Counts appear within one `[gateway] usage_interval` of the requests. A redelivered event
         *     is counted once.
         */
        get: operations["getUsage"];
        put?: never;
        post?: never;
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
        Anomaly: {
            amount: number;
            category: string;
            /** Format: date */
            date: string;
            median: number;
            merchant: string;
            score: number;
            /** Format: uuid */
            transaction_id: string;
        };
        Asset: {
            /** Format: date */
            as_of: string | null;
            category: components["schemas"]["AssetCategory"];
            /** Format: date-time */
            created_at: string;
            credit_limit: number | null;
            /** Format: uuid */
            id: string;
            interest_rate: number | null;
            kind: components["schemas"]["AssetKind"];
            minimum_payment: number | null;
            name: string;
            /** @description The latest recorded value; null before the first. */
            value: number | null;
        };
        /**
         * @description cash, savings, investment, property, retirement are assets; the rest liabilities.
         * @enum {string}
         */
        AssetCategory: "cash" | "savings" | "investment" | "property" | "retirement" | "credit_card" | "loan" | "mortgage" | "student_loan";
        /** @enum {string} */
        AssetKind: "asset" | "liability";
        AssetPage: {
            items: components["schemas"]["Asset"][];
            page: components["schemas"]["PageInfo"];
        };
        AssetValue: {
            /** Format: date */
            as_of: string;
            /** Format: uuid */
            asset_id: string;
            value: number;
        };
        CashFlowPoint: {
            expenses: number;
            income: number;
            net: number;
            /** Format: date */
            period_start: string;
        };
        CategorySpending: {
            amount: number;
            category: string;
            /** Format: date */
            period_start: string;
        };
        /** @description The header of the column holding each field; a field left out is read from the column of its own name. */
        ColumnMapping: {
            amount?: components["schemas"]["ColumnName"];
            category?: components["schemas"]["ColumnName"];
            date?: components["schemas"]["ColumnName"];
            description?: components["schemas"]["ColumnName"];
            external_id?: components["schemas"]["ColumnName"];
            merchant?: components["schemas"]["ColumnName"];
        };
        ColumnName: string;
        /** @description One violation of a request's constraints; a refused body lists every one. */
        FieldError: {
            /** @description The same place as a dotted name (`assets.0.weight`). */
            field?: string;
            /** @description What the value must be. */
            message: string;
            /** @description JSON pointer (RFC 6901) to the value in the request body; "" is the body itself. */
            pointer?: string;
        };
        FileImport: {
            /** Format: uuid */
            file_id: string;
            format?: components["schemas"]["ImportFormat"];
            mapping?: components["schemas"]["ColumnMapping"];
        };
        FinancialHealth: {
            components: components["schemas"]["FinancialHealthComponent"][];
            score: number;
        };
        FinancialHealthComponent: {
            name: string;
            score: number;
            value: number | null;
            weight: number;
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
        ImportFormat: "csv" | "xlsx";
        ImportResult: {
            /** @description Transactions skipped as duplicates. */
            duplicates: number;
            /** @description Transactions stored. */
            imported: number;
        };
        MerchantSpending: {
            amount: number;
            count: number;
            merchant: string;
        };
        Metrics: {
            anomalies: components["schemas"]["Anomaly"][];
            cash_flow: components["schemas"]["CashFlowPoint"][];
            emergency_fund_months: number | null;
            /** Format: date */
            end: string;
            health: components["schemas"]["FinancialHealth"];
            monthly_expenses: number;
            monthly_income: number;
            net_worth: components["schemas"]["NetWorth"];
            period: components["schemas"]["Period"];
            recurring: components["schemas"]["RecurringPayment"][];
            savings_rate: number | null;
            spending_by_category: components["schemas"]["CategorySpending"][];
            /** Format: date */
            start: string;
            top_merchants: components["schemas"]["MerchantSpending"][];
            totals: components["schemas"]["Totals"];
        };
        /** @description An amount in the currency's units, at most two decimals. */
        Money: number;
        NetWorth: {
            assets: number;
            liabilities: number;
            net: number;
            series: components["schemas"]["NetWorthPoint"][];
        };
        NetWorthPoint: {
            assets: number;
            /** Format: date */
            date: string;
            liabilities: number;
            net: number;
        };
        NewAsset: {
            category: components["schemas"]["AssetCategory"];
            /** @description For credit cards. */
            credit_limit?: number | null;
            /** @description Annual rate as a fraction (0.199 = 19.9%), for liabilities. */
            interest_rate?: number | null;
            kind: components["schemas"]["AssetKind"];
            /** @description Monthly payment due, for liabilities. */
            minimum_payment?: number | null;
            name: string;
        };
        NewAssetValue: {
            /** Format: date */
            as_of: string;
            /** @description What the asset is worth, or what the liability owes, that day. */
            value: number;
        };
        NewTransaction: {
            amount: components["schemas"]["Money"];
            /**
             * @description e.g. groceries, salary, rent.
             * @default uncategorized
             */
            category: string;
            /** Format: date */
            date: string;
            /** @default  */
            description: string;
            /** @description The source's id of the transaction, unique per user; a repeat is skipped as a duplicate. */
            external_id: string;
            /** @default  */
            merchant: string;
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
         * @default month
         * @enum {string}
         */
        Period: "day" | "week" | "month";
        PluginRequests: {
            /** @description Answered 4xx. */
            client_errors: number;
            /** @description Answered 5xx. */
            errors: number;
            plugin: string;
            requests: number;
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
        RecurringPayment: {
            amount: number;
            interval_days: number;
            /** Format: date */
            last_date: string;
            merchant: string;
            occurrences: number;
        };
        Totals: {
            expenses: number;
            income: number;
            net: number;
        };
        Transaction: {
            amount: number;
            category: string;
            /** Format: date */
            date: string;
            description: string;
            external_id: string;
            /** Format: uuid */
            id: string;
            merchant: string;
        };
        TransactionBatch: {
            transactions: components["schemas"]["NewTransaction"][];
        };
        TransactionPage: {
            items: components["schemas"]["Transaction"][];
            page: components["schemas"]["PageInfo"];
        };
        Usage: {
            days: components["schemas"]["UsageDay"][];
            /** Format: date */
            end: string;
            /** Format: date */
            start: string;
        };
        UsageDay: {
            active_users: number;
            /** Format: date */
            date: string;
            files_uploaded: number;
            requests_by_plugin: components["schemas"]["PluginRequests"][];
            simulations_run: number;
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
        AssetId: string;
        /** @description Opaque cursor from a previous page's `next_cursor`. */
        Cursor: string;
        /** @description Last day included (YYYY-MM-DD). */
        EndDate: string;
        /** @description Page size. */
        Limit: number;
        /** @description First day included (YYYY-MM-DD). */
        StartDate: string;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type Anomaly = components['schemas']['Anomaly'];
export type Asset = components['schemas']['Asset'];
export type AssetCategory = components['schemas']['AssetCategory'];
export type AssetKind = components['schemas']['AssetKind'];
export type AssetPage = components['schemas']['AssetPage'];
export type AssetValue = components['schemas']['AssetValue'];
export type CashFlowPoint = components['schemas']['CashFlowPoint'];
export type CategorySpending = components['schemas']['CategorySpending'];
export type ColumnMapping = components['schemas']['ColumnMapping'];
export type ColumnName = components['schemas']['ColumnName'];
export type FieldError = components['schemas']['FieldError'];
export type FileImport = components['schemas']['FileImport'];
export type FinancialHealth = components['schemas']['FinancialHealth'];
export type FinancialHealthComponent = components['schemas']['FinancialHealthComponent'];
export type Health = components['schemas']['Health'];
export type HealthStatus = components['schemas']['HealthStatus'];
export type ImportFormat = components['schemas']['ImportFormat'];
export type ImportResult = components['schemas']['ImportResult'];
export type MerchantSpending = components['schemas']['MerchantSpending'];
export type Metrics = components['schemas']['Metrics'];
export type Money = components['schemas']['Money'];
export type NetWorth = components['schemas']['NetWorth'];
export type NetWorthPoint = components['schemas']['NetWorthPoint'];
export type NewAsset = components['schemas']['NewAsset'];
export type NewAssetValue = components['schemas']['NewAssetValue'];
export type NewTransaction = components['schemas']['NewTransaction'];
export type PageInfo = components['schemas']['PageInfo'];
export type Period = components['schemas']['Period'];
export type PluginRequests = components['schemas']['PluginRequests'];
export type Problem = components['schemas']['Problem'];
export type RecurringPayment = components['schemas']['RecurringPayment'];
export type Totals = components['schemas']['Totals'];
export type Transaction = components['schemas']['Transaction'];
export type TransactionBatch = components['schemas']['TransactionBatch'];
export type TransactionPage = components['schemas']['TransactionPage'];
export type Usage = components['schemas']['Usage'];
export type UsageDay = components['schemas']['UsageDay'];
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
export type ParameterAssetId = components['parameters']['AssetId'];
export type ParameterCursor = components['parameters']['Cursor'];
export type ParameterEndDate = components['parameters']['EndDate'];
export type ParameterLimit = components['parameters']['Limit'];
export type ParameterStartDate = components['parameters']['StartDate'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    listAssets: {
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
            /** @description A page of assets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "as_of": "2026-02-01",
                     *           "category": "savings",
                     *           "created_at": "2026-01-02T03:04:05Z",
                     *           "credit_limit": null,
                     *           "id": "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                     *           "interest_rate": null,
                     *           "kind": "asset",
                     *           "minimum_payment": null,
                     *           "name": "Savings account",
                     *           "value": 12000
                     *         }
                     *       ],
                     *       "page": {
                     *         "limit": 50,
                     *         "next_cursor": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AssetPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    createAsset: {
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
                 *       "category": "credit_card",
                 *       "credit_limit": 5000,
                 *       "interest_rate": 0.199,
                 *       "kind": "liability",
                 *       "minimum_payment": 50,
                 *       "name": "Visa card"
                 *     }
                 */
                "application/json": components["schemas"]["NewAsset"];
            };
        };
        responses: {
            /** @description The asset, without a value yet. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "as_of": null,
                     *       "category": "credit_card",
                     *       "created_at": "2026-01-02T03:04:05Z",
                     *       "credit_limit": 5000,
                     *       "id": "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                     *       "interest_rate": 0.199,
                     *       "kind": "liability",
                     *       "minimum_payment": 50,
                     *       "name": "Visa card",
                     *       "value": null
                     *     }
                     */
                    "application/json": components["schemas"]["Asset"];
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
    getAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: components["parameters"]["AssetId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The asset. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "as_of": "2026-02-01",
                     *       "category": "savings",
                     *       "created_at": "2026-01-02T03:04:05Z",
                     *       "credit_limit": null,
                     *       "id": "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                     *       "interest_rate": null,
                     *       "kind": "asset",
                     *       "minimum_payment": null,
                     *       "name": "Savings account",
                     *       "value": 12000
                     *     }
                     */
                    "application/json": components["schemas"]["Asset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    deleteAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: components["parameters"]["AssetId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The asset is gone. */
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
    recordAssetValue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: components["parameters"]["AssetId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "as_of": "2026-02-01",
                 *       "value": 12000
                 *     }
                 */
                "application/json": components["schemas"]["NewAssetValue"];
            };
        };
        responses: {
            /** @description The value recorded. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "as_of": "2026-02-01",
                     *       "asset_id": "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                     *       "value": 12000
                     *     }
                     */
                    "application/json": components["schemas"]["AssetValue"];
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
    getMetrics: {
        parameters: {
            query?: {
                /** @description First day included (YYYY-MM-DD). */
                start?: components["parameters"]["StartDate"];
                /** @description Last day included (YYYY-MM-DD). */
                end?: components["parameters"]["EndDate"];
                /** @description The bucket of the series. */
                period?: components["schemas"]["Period"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "anomalies": [
                     *         {
                     *           "amount": -480,
                     *           "category": "groceries",
                     *           "date": "2026-01-20",
                     *           "median": -45,
                     *           "merchant": "Big Store",
                     *           "score": 9.8,
                     *           "transaction_id": "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f"
                     *         }
                     *       ],
                     *       "cash_flow": [
                     *         {
                     *           "expenses": 1850,
                     *           "income": 3200,
                     *           "net": 1350,
                     *           "period_start": "2026-01-01"
                     *         }
                     *       ],
                     *       "emergency_fund_months": 6.61,
                     *       "end": "2026-01-31",
                     *       "health": {
                     *         "components": [
                     *           {
                     *             "name": "savings_rate",
                     *             "score": 100,
                     *             "value": 0.4219,
                     *             "weight": 0.3
                     *           },
                     *           {
                     *             "name": "emergency_fund",
                     *             "score": 100,
                     *             "value": 6.61,
                     *             "weight": 0.25
                     *           },
                     *           {
                     *             "name": "debt_to_income",
                     *             "score": 96.3,
                     *             "value": 0.0159,
                     *             "weight": 0.2
                     *           },
                     *           {
                     *             "name": "credit_utilisation",
                     *             "score": 92.5,
                     *             "value": 0.16,
                     *             "weight": 0.15
                     *           },
                     *           {
                     *             "name": "cash_flow_stability",
                     *             "score": 100,
                     *             "value": 1,
                     *             "weight": 0.1
                     *           }
                     *         ],
                     *         "score": 87
                     *       },
                     *       "monthly_expenses": 1816.26,
                     *       "monthly_income": 3140.65,
                     *       "net_worth": {
                     *         "assets": 12000,
                     *         "liabilities": 800,
                     *         "net": 11200,
                     *         "series": [
                     *           {
                     *             "assets": 12000,
                     *             "date": "2026-01-31",
                     *             "liabilities": 800,
                     *             "net": 11200
                     *           }
                     *         ]
                     *       },
                     *       "period": "month",
                     *       "recurring": [
                     *         {
                     *           "amount": 12.99,
                     *           "interval_days": 30.5,
                     *           "last_date": "2026-01-15",
                     *           "merchant": "Streamflix",
                     *           "occurrences": 6
                     *         }
                     *       ],
                     *       "savings_rate": 0.4219,
                     *       "spending_by_category": [
                     *         {
                     *           "amount": 1250,
                     *           "category": "rent",
                     *           "period_start": "2026-01-01"
                     *         },
                     *         {
                     *           "amount": 600,
                     *           "category": "groceries",
                     *           "period_start": "2026-01-01"
                     *         }
                     *       ],
                     *       "start": "2026-01-01",
                     *       "top_merchants": [
                     *         {
                     *           "amount": 1250,
                     *           "count": 1,
                     *           "merchant": "City Flats"
                     *         }
                     *       ],
                     *       "totals": {
                     *         "expenses": 1850,
                     *         "income": 3200,
                     *         "net": 1350
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Metrics"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    listTransactions: {
        parameters: {
            query?: {
                /** @description First day included (YYYY-MM-DD). */
                start?: components["parameters"]["StartDate"];
                /** @description Last day included (YYYY-MM-DD). */
                end?: components["parameters"]["EndDate"];
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
            /** @description A page of transactions; `page.next_cursor` fetches the next one. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "amount": -1250,
                     *           "category": "rent",
                     *           "date": "2026-02-01",
                     *           "description": "February rent",
                     *           "external_id": "bank-2026-02-01-002",
                     *           "id": "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f",
                     *           "merchant": "City Flats"
                     *         }
                     *       ],
                     *       "page": {
                     *         "limit": 50,
                     *         "next_cursor": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["TransactionPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    importTransactions: {
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
                 *       "transactions": [
                 *         {
                 *           "amount": 3200,
                 *           "category": "salary",
                 *           "date": "2026-01-31",
                 *           "description": "January salary",
                 *           "external_id": "bank-2026-01-31-001",
                 *           "merchant": "Acme Corp"
                 *         },
                 *         {
                 *           "amount": -1250,
                 *           "category": "rent",
                 *           "date": "2026-02-01",
                 *           "description": "February rent",
                 *           "external_id": "bank-2026-02-01-002",
                 *           "merchant": "City Flats"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["TransactionBatch"];
            };
        };
        responses: {
            /** @description How many transactions were stored and how many were duplicates. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "duplicates": 0,
                     *       "imported": 2
                     *     }
                     */
                    "application/json": components["schemas"]["ImportResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
    importTransactionFile: {
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
                 *       "file_id": "5b0e7c2e-3d4f-4a51-9c1e-0f6a2b8d9e13",
                 *       "format": "csv",
                 *       "mapping": {
                 *         "amount": "Amount",
                 *         "date": "Booking date",
                 *         "description": "Text"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["FileImport"];
            };
        };
        responses: {
            /** @description How many transactions were stored and how many were duplicates. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "duplicates": 3,
                     *       "imported": 120
                     *     }
                     */
                    "application/json": components["schemas"]["ImportResult"];
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
    getUsage: {
        parameters: {
            query?: {
                /** @description First day included (YYYY-MM-DD). */
                start?: components["parameters"]["StartDate"];
                /** @description Last day included (YYYY-MM-DD). */
                end?: components["parameters"]["EndDate"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per day of the range. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "days": [
                     *         {
                     *           "active_users": 12,
                     *           "date": "2026-01-01",
                     *           "files_uploaded": 5,
                     *           "requests_by_plugin": [
                     *             {
                     *               "client_errors": 4,
                     *               "errors": 0,
                     *               "plugin": "auth",
                     *               "requests": 120
                     *             },
                     *             {
                     *               "client_errors": 0,
                     *               "errors": 1,
                     *               "plugin": "files",
                     *               "requests": 35
                     *             }
                     *           ],
                     *           "simulations_run": 3
                     *         },
                     *         {
                     *           "active_users": 0,
                     *           "date": "2026-01-02",
                     *           "files_uploaded": 0,
                     *           "requests_by_plugin": [],
                     *           "simulations_run": 0
                     *         }
                     *       ],
                     *       "end": "2026-01-02",
                     *       "start": "2026-01-01"
                     *     }
                     */
                    "application/json": components["schemas"]["Usage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableContent"];
        };
    };
}
