/** Shapes of the LUNA REST API, named from the generated OpenAPI types (schema.d.ts). */
import type { ClinicalDetailFields, ClinicalFields } from './clinicalTypes';
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['UserPublic'];
export type SignInResponse = Schemas['SignInResponse'];
export type ModelInfo = Schemas['ModelInfo'];
// The clinical fields' hand-written types (clinicalTypes.ts) narrow the generated ones.
export type AnalysisSummary = Schemas['AnalysisRecord'] & ClinicalFields;
export type AnalysisStatus = AnalysisSummary['status'];
export type AnalysisPage = Omit<Schemas['AnalysisPage'], 'items'> & { items: AnalysisSummary[] };
export type SubmittedAnalysis = Schemas['ImageProcessResponse'];
export type ImageSubmission = Schemas['ImageProcessRequest'];
export type AnalysisListQuery = NonNullable<paths['/api/me/getAnalysisList']['get']['parameters']['query']>;

/** One analysis with its image, heat map (when the analyzer made one) and clinical context. */
export type AnalysisDetail = AnalysisSummary & ClinicalDetailFields;

/** A held-out metric with its 95 % confidence interval. */
export type MetricWithInterval = Schemas['MetricEstimate'];

/** `GET /api/models/{name}/{version}`: the card of a model that produced results. */
export type ModelCard = Schemas['PublishedModelCard'];
