/**
 * Generated from the LUNA API's OpenAPI document by `npm run api:generate`: do not edit.
 */

export interface paths {
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Audit Trail
         * @description Audit events, newest first. ``analysisId``: events about that analysis; ``userId``:
         *     events by that user or about their account; ``from``/``to``: ISO 8601 dates or times
         *     (a plain ``to`` date includes that day).
         */
        get: operations["read_audit_trail_api_audit_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign Up
         * @description Register a user (admins only); 409 when the username or email is taken.
         */
        post: operations["sign_up_api_auth_signup_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fhir/DiagnosticReport": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search Reports
         * @description A ``searchset`` Bundle of the caller's own reports, newest first, optionally of one
         *     patient; photos without their bytes (read a report by its id for them).
         */
        get: operations["search_reports_api_fhir_DiagnosticReport_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fhir/DiagnosticReport/{analysis_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Report
         * @description The analysis as a FHIR R4B DiagnosticReport, for the GP who submitted it or a
         *     dermatologist who reviewed it; 404 for anyone else.
         */
        get: operations["read_report_api_fhir_DiagnosticReport__analysis_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/getAnalysis/{analysis_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Analysis
         * @description One of the caller's analyses with its image as a data URL; 404 for any other id.
         *
         *     A dermatologist may also open an analysis waiting in the worklist or one they reviewed.
         */
        get: operations["read_analysis_api_getAnalysis__analysis_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/getAnalysis/{analysis_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Review Analysis
         * @description Dermatologists only: one review per analysis. A second answers 409 unless it says
         *     ``"amends": true``, which replaces the review and keeps the earlier version.
         */
        post: operations["review_analysis_api_getAnalysis__analysis_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/getAnalysis/{analysis_id}/review-request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask For Review
         * @description The GP who submitted the analysis asks a dermatologist, with an optional question.
         *
         *     404 for anyone else's analysis; 409 when it failed, was reviewed or already requested.
         */
        post: operations["ask_for_review_api_getAnalysis__analysis_id__review_request_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imageProcess": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit Image
         * @description Queue an image (base64 JPEG or PNG) for analysis; answers before the analysis runs.
         */
        post: operations["submit_image_api_imageProcess_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Me
         * @description The caller's username, email and roles (also while a temporary password is pending).
         */
        get: operations["read_me_api_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/getAnalysisList": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Analyses
         * @description The caller's analyses, newest first, without images; dates are ISO 8601.
         *
         *     ``patientReference`` keeps one patient's analyses; each item carries its ``review``.
         */
        get: operations["list_analyses_api_me_getAnalysisList_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change My Password
         * @description Change one's own password. Every earlier token stops working; the answer carries a new
         *     one. Wrong current password: 403 (throttled like sign-in); a weak new one: 422.
         */
        post: operations["change_my_password_api_me_password_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models/{name}/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Model Card
         * @description The card of a model that produced results: its training data, test metrics with 95%
         *     intervals, threshold, whether it is validated and why; 404 for any other model.
         */
        get: operations["read_model_card_api_models__name___version__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Worklist
         * @description Dermatologists only: analyses waiting for review (``pending``) or the ones the caller
         *     reviewed (``done``), highest risk first; without images and without the GP's identity.
         */
        get: operations["read_worklist_api_reviews_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Users
         * @description Every account with its roles, active flag, creation and last sign-in dates (admins).
         */
        get: operations["list_users_api_users_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update User
         * @description Enable or disable an account and/or set its roles (admins). Disabling stops every
         *     token of the user at once; the last active admin cannot be disabled or demoted (409).
         */
        patch: operations["update_user_api_users__user_id__patch"];
        trace?: never;
    };
    "/api/users/{user_id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set Temporary Password
         * @description Give a user a temporary password (admins): their tokens stop working, and after the
         *     next sign-in only the password change is allowed. Without one in the body, a random one
         *     is made and returned.
         */
        post: operations["set_temporary_password_api_users__user_id__password_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health
         * @description 200 when every service answers, 503 (with which one failed) otherwise.
         */
        get: operations["health_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log Out
         * @description Revoke this access token; it stops working at once.
         */
        post: operations["log_out_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign In
         * @description Exchange username and password for an access token.
         *
         *     ``mustChangePassword: true`` in the answer: the password is a temporary one an admin set;
         *     the token then works only for POST /api/me/password, GET /api/me and POST /logout.
         *     One database connection at a time, none while the password hash is checked.
         */
        post: operations["sign_in_signin_post"];
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
        /** AnalysisPage */
        AnalysisPage: {
            /** Items */
            items: components["schemas"]["AnalysisRecord"][];
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
            /** Total */
            total: number;
        };
        /**
         * AnalysisRecord
         * @description An analysis as the API shows it (the image only when asked for).
         *
         *     Records written before the clinical loop lack ``patientReference``, ``bodySite`` and the
         *     review fields: they read as null.
         */
        AnalysisRecord: {
            /** Analysisdate */
            analysisDate?: string | null;
            /** Bodysite */
            bodySite?: ("head_neck" | "upper_extremity" | "lower_extremity" | "torso" | "palms_soles" | "oral_genital") | null;
            /**
             * Creationdate
             * Format: date-time
             */
            creationDate: string;
            /** Description */
            description?: string | null;
            /** Earlieranalyses */
            earlierAnalyses?: components["schemas"]["EarlierAnalysis"][] | null;
            /** Failurereason */
            failureReason?: string | null;
            /** Heatmap */
            heatmap?: string | null;
            /** Id */
            id: string;
            /** Image */
            image?: string | null;
            /** Imagetype */
            imageType?: string | null;
            /** Ismelanoma */
            isMelanoma?: boolean | null;
            model?: components["schemas"]["ModelInfo"] | null;
            /** Patientreference */
            patientReference?: string | null;
            /** Result */
            result?: number | null;
            review?: components["schemas"]["ReviewView"] | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "completed" | "failed";
        };
        /** AuditEventOut */
        AuditEventOut: {
            /** Action */
            action: string;
            /** Analysisids */
            analysisIds: string[];
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Client */
            client: string | null;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Hash */
            hash: string;
            /**
             * Id
             * @description the event's place in the hash chain
             */
            id: number;
            /** Outcome */
            outcome: string;
            /**
             * Targetuserid
             * @description the account changed, for account events
             */
            targetUserId: number | null;
            /**
             * Userid
             * @description who acted (none when unknown)
             */
            userId: number | null;
            /** Username */
            username: string | null;
        };
        /** AuditPage */
        AuditPage: {
            /** Items */
            items: components["schemas"]["AuditEventOut"][];
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
            /** Total */
            total: number;
        };
        /**
         * EarlierAnalysis
         * @description An earlier analysis of the same patient and body site, for change over time.
         */
        EarlierAnalysis: {
            /**
             * Creationdate
             * Format: date-time
             */
            creationDate: string;
            /** Id */
            id: string;
            /** Ismelanoma */
            isMelanoma?: boolean | null;
            /** Result */
            result?: number | null;
            /** Reviewimpression */
            reviewImpression?: ("melanoma_suspected" | "other_malignant_suspected" | "benign" | "inconclusive") | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "completed" | "failed";
        };
        /** Health */
        Health: {
            /** Broker */
            broker: boolean;
            /** Mongo */
            mongo: boolean;
            /** Postgres */
            postgres: boolean;
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "degraded";
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** ImageProcessRequest */
        ImageProcessRequest: {
            /**
             * Bodysite
             * @description SIIM-ISIC anatomical site of the lesion
             */
            bodySite?: ("head_neck" | "upper_extremity" | "lower_extremity" | "torso" | "palms_soles" | "oral_genital") | null;
            /** Description */
            description?: string | null;
            /**
             * Image
             * @description base64 JPEG or PNG; a data-URL prefix is accepted
             */
            image: string;
            /**
             * Patientreference
             * @description the clinic's record number (never a name): up to 64 characters, letters A-Z, digits and . _ / : # -, at least one digit, no spaces
             */
            patientReference?: string | null;
        };
        /** ImageProcessResponse */
        ImageProcessResponse: {
            /**
             * Creationdate
             * Format: date-time
             */
            creationDate: string;
            /** Id */
            id: string;
            /**
             * Status
             * @default pending
             * @constant
             */
            status: "pending";
        };
        /** Message */
        Message: {
            /** Detail */
            detail: string;
        };
        /** MetricEstimate */
        MetricEstimate: {
            /** Ci95High */
            ci95High: number;
            /** Ci95Low */
            ci95Low: number;
            /** Value */
            value: number;
        };
        /**
         * ModelInfo
         * @description Which model produced a result and how far it was validated.
         */
        ModelInfo: {
            /** Name */
            name: string;
            /** Threshold */
            threshold: number;
            /** Validated */
            validated: boolean;
            /** Version */
            version: string;
        };
        /** PasswordChange */
        PasswordChange: {
            /** Currentpassword */
            currentPassword: string;
            /**
             * Newpassword
             * @description at least 12 characters, not the username or e-mail, and not a common password
             */
            newPassword: string;
        };
        /**
         * PublishedModelCard
         * @description What a clinician may read about the model behind a result.
         */
        PublishedModelCard: {
            /** Architecture */
            architecture: string;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Inputsize */
            inputSize: number;
            /** Intendeduse */
            intendedUse: string;
            /** Knownlimits */
            knownLimits?: string[];
            /** Name */
            name: string;
            /** Pretrained */
            pretrained: string;
            /**
             * Shippedmodel
             * @default
             */
            shippedModel: string;
            /** Targetsensitivity */
            targetSensitivity?: number | null;
            /** Temperature */
            temperature?: number | null;
            testMetrics?: components["schemas"]["TestMetrics"] | null;
            /** Threshold */
            threshold: number;
            /** Trainingdata */
            trainingData: string;
            /** Validated */
            validated: boolean;
            validationMinima?: components["schemas"]["ValidationMinima"] | null;
            /** Validationreason */
            validationReason: string;
            /** Version */
            version: string;
        };
        /**
         * ReviewOpinion
         * @description One version of a dermatologist's opinion; the reviewer by name, resolved at read time.
         */
        ReviewOpinion: {
            /** Agreeswithmodel */
            agreesWithModel: boolean;
            /** Comment */
            comment?: string | null;
            /**
             * Impression
             * @enum {string}
             */
            impression: "melanoma_suspected" | "other_malignant_suspected" | "benign" | "inconclusive";
            /**
             * Recommendation
             * @enum {string}
             */
            recommendation: "urgent_referral" | "routine_referral" | "follow_up" | "discharge";
            /**
             * Reviewedat
             * Format: date-time
             */
            reviewedAt: string;
            /** Reviewername */
            reviewerName?: string | null;
        };
        /** ReviewPage */
        ReviewPage: {
            /** Items */
            items: components["schemas"]["AnalysisRecord"][];
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
            /** Total */
            total: number;
        };
        /** ReviewRequest */
        ReviewRequest: {
            /** Question */
            question?: string | null;
        };
        /**
         * ReviewSubmission
         * @description A dermatologist's opinion; ``amends: true`` replaces an earlier one (which is kept).
         */
        ReviewSubmission: {
            /** Agreeswithmodel */
            agreesWithModel: boolean;
            /**
             * Amends
             * @default false
             */
            amends: boolean;
            /** Comment */
            comment?: string | null;
            /**
             * Impression
             * @enum {string}
             */
            impression: "melanoma_suspected" | "other_malignant_suspected" | "benign" | "inconclusive";
            /**
             * Recommendation
             * @enum {string}
             */
            recommendation: "urgent_referral" | "routine_referral" | "follow_up" | "discharge";
        };
        /**
         * ReviewView
         * @description Where an analysis stands with the dermatologists: waiting (and why), or their opinion.
         */
        ReviewView: {
            /** Agreeswithmodel */
            agreesWithModel?: boolean | null;
            /**
             * Amended
             * @default false
             */
            amended: boolean;
            /** Comment */
            comment?: string | null;
            /**
             * History
             * @default []
             */
            history: components["schemas"]["ReviewOpinion"][];
            /** Impression */
            impression?: ("melanoma_suspected" | "other_malignant_suspected" | "benign" | "inconclusive") | null;
            /** Question */
            question?: string | null;
            /**
             * Reasons
             * @default []
             */
            reasons: ("melanoma_risk" | "unvalidated_model" | "requested")[];
            /** Recommendation */
            recommendation?: ("urgent_referral" | "routine_referral" | "follow_up" | "discharge") | null;
            /** Requestedat */
            requestedAt?: string | null;
            /** Reviewedat */
            reviewedAt?: string | null;
            /** Reviewername */
            reviewerName?: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "done";
        };
        /** SignIn */
        SignIn: {
            /** Password */
            password: string;
            /** Username */
            username: string;
        };
        /** SignInResponse */
        SignInResponse: {
            /** Accesstoken */
            accessToken: string;
            /** Email */
            email: string;
            /**
             * Expiresin
             * @description seconds until the token expires
             */
            expiresIn: number;
            /** Id */
            id: number;
            /**
             * Mustchangepassword
             * @description true after an admin set a temporary password: until it is changed with POST /api/me/password, every other endpoint answers 403
             * @default false
             */
            mustChangePassword: boolean;
            /** Roles */
            roles: string[];
            /**
             * Tokentype
             * @default bearer
             * @constant
             */
            tokenType: "bearer";
            /** Username */
            username: string;
        };
        /** SignUp */
        SignUp: {
            /** Email */
            email: string;
            /**
             * Password
             * @description at least 12 characters, not the username or e-mail, and not a common password
             */
            password: string;
            /** Roles */
            roles?: ("admin" | "user" | "dermatologist")[];
            /** Username */
            username: string;
        };
        /**
         * TemporaryPassword
         * @description The temporary password to set; without one, the API makes a random one.
         */
        TemporaryPassword: {
            /**
             * Password
             * @description at least 12 characters, not the username or e-mail, and not a common password
             */
            password?: string | null;
        };
        /** TemporaryPasswordSet */
        TemporaryPasswordSet: {
            /**
             * Mustchangepassword
             * @default true
             * @constant
             */
            mustChangePassword: true;
            /**
             * Temporarypassword
             * @description give it to the user; it works for one sign-in
             */
            temporaryPassword: string;
        };
        /**
         * TestMetrics
         * @description The model on held-out test patients, at its threshold, with 95% intervals.
         */
        TestMetrics: {
            /** Images */
            images: number;
            /** Patients */
            patients: number;
            rocAuc: components["schemas"]["MetricEstimate"];
            sensitivity: components["schemas"]["MetricEstimate"];
            specificity: components["schemas"]["MetricEstimate"];
        };
        /**
         * UserAccount
         * @description An account as admins see it.
         */
        UserAccount: {
            /** Active */
            active: boolean;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Email */
            email: string;
            /** Id */
            id: number;
            /** Lastsigninat */
            lastSignInAt: string | null;
            /** Mustchangepassword */
            mustChangePassword: boolean;
            /** Roles */
            roles: string[];
            /** Username */
            username: string;
        };
        /** UserPublic */
        UserPublic: {
            /** Email */
            email: string;
            /** Id */
            id: number;
            /** Roles */
            roles: string[];
            /** Username */
            username: string;
        };
        /** UserUpdate */
        UserUpdate: {
            /** Active */
            active?: boolean | null;
            /** Roles */
            roles?: ("admin" | "user" | "dermatologist")[] | null;
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** ValidationMinima */
        ValidationMinima: {
            /** Rocauc */
            rocAuc: number;
            /** Sensitivity */
            sensitivity: number;
            /**
             * Testmelanomas
             * @default 1
             */
            testMelanomas: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    read_audit_trail_api_audit_get: {
        parameters: {
            query?: {
                analysisId?: string | null;
                from?: string | null;
                page?: number;
                pageSize?: number;
                to?: string | null;
                userId?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    sign_up_api_auth_signup_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignUp"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPublic"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    search_reports_api_fhir_DiagnosticReport_get: {
        parameters: {
            query?: {
                _count?: number;
                /** @description the patient reference, or SYSTEM|REFERENCE */
                patient?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description FHIR R4B JSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/fhir+json": unknown;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    read_report_api_fhir_DiagnosticReport__analysis_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                analysis_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description FHIR R4B JSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/fhir+json": unknown;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    read_analysis_api_getAnalysis__analysis_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                analysis_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalysisRecord"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    review_analysis_api_getAnalysis__analysis_id__review_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                analysis_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewSubmission"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewView"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    ask_for_review_api_getAnalysis__analysis_id__review_request_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                analysis_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReviewRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewView"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    submit_image_api_imageProcess_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageProcessRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageProcessResponse"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    read_me_api_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPublic"];
                };
            };
        };
    };
    list_analyses_api_me_getAnalysisList_get: {
        parameters: {
            query?: {
                dateFrom?: string | null;
                dateTo?: string | null;
                page?: number;
                pageSize?: number;
                patientReference?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalysisPage"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    change_my_password_api_me_password_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInResponse"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    read_model_card_api_models__name___version__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishedModelCard"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    read_worklist_api_reviews_get: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
                status?: "pending" | "done";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewPage"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    list_users_api_users_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserAccount"][];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    update_user_api_users__user_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserAccount"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    set_temporary_password_api_users__user_id__password_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TemporaryPassword"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemporaryPasswordSet"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    health_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    log_out_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    sign_in_signin_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInResponse"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
}
