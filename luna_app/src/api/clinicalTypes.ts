/** Shapes of the clinical loop in the LUNA REST API: patient context, reviews, the worklist. */
import type { components } from './schema';

type Schemas = components['schemas'];

/** SIIM-ISIC's anatomical sites, as the API names them. */
export const BODY_SITES = [
  'head_neck',
  'upper_extremity',
  'lower_extremity',
  'torso',
  'palms_soles',
  'oral_genital',
] as const;
export type BodySite = (typeof BODY_SITES)[number];

export const IMPRESSIONS = ['melanoma_suspected', 'other_malignant_suspected', 'benign', 'inconclusive'] as const;
export type Impression = (typeof IMPRESSIONS)[number];

export const RECOMMENDATIONS = ['urgent_referral', 'routine_referral', 'follow_up', 'discharge'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export type ReviewReason = 'melanoma_risk' | 'unvalidated_model' | 'requested';

// The records' clinical shapes come from the generated OpenAPI types (schema.d.ts).
export type ReviewOpinion = Schemas['ReviewOpinion'];

/** Where an analysis stands with the dermatologists; the opinion fields once `done`. */
export type ReviewView = Schemas['ReviewView'];

export type EarlierAnalysis = Schemas['EarlierAnalysis'];

/** Fields a record may carry; records written before the clinical loop lack them. */
export type ClinicalFields = Pick<Schemas['AnalysisRecord'], 'patientReference' | 'bodySite' | 'review'>;

export type ClinicalDetailFields = ClinicalFields & Pick<Schemas['AnalysisRecord'], 'earlierAnalyses' | 'heatmap'>;

export interface ReviewSubmission {
  impression: Impression;
  recommendation: Recommendation;
  agreesWithModel: boolean;
  comment?: string;
  amends?: boolean;
}

/** What the analyse form adds to a submission. */
export interface PatientContext {
  patientReference?: string;
  bodySite?: BodySite;
}

/** The rule the API applies: a record number (letters, digits, . _ / : # -, one digit at least). */
export const PATIENT_REFERENCE_PATTERN = /^(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9._/:#-]*$/;
export const PATIENT_REFERENCE_MAX = 64;

export function isValidPatientReference(value: string): boolean {
  const trimmed = value.trim();
  return trimmed === '' || (trimmed.length <= PATIENT_REFERENCE_MAX && PATIENT_REFERENCE_PATTERN.test(trimmed));
}
