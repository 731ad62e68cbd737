/** Shapes of the clinical loop in the LUNA REST API: patient context, reviews, the worklist. */

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

export interface ReviewOpinion {
  impression: Impression;
  recommendation: Recommendation;
  agreesWithModel: boolean;
  comment: string | null;
  reviewedAt: string;
  reviewerName: string | null;
}

/** Where an analysis stands with the dermatologists; the opinion fields once `done`. */
export interface ReviewView {
  status: 'pending' | 'done';
  reasons: ReviewReason[];
  question: string | null;
  requestedAt: string | null;
  impression: Impression | null;
  recommendation: Recommendation | null;
  agreesWithModel: boolean | null;
  comment: string | null;
  reviewedAt: string | null;
  reviewerName: string | null;
  amended: boolean;
  history: ReviewOpinion[];
}

export interface EarlierAnalysis {
  id: string;
  status: 'pending' | 'completed' | 'failed';
  creationDate: string;
  result: number | null;
  isMelanoma: boolean | null;
  reviewImpression: Impression | null;
}

/** Fields a record may carry; records written before the clinical loop lack them. */
export interface ClinicalFields {
  patientReference?: string | null;
  bodySite?: BodySite | null;
  review?: ReviewView | null;
}

export interface ClinicalDetailFields extends ClinicalFields {
  earlierAnalyses?: EarlierAnalysis[] | null;
  /** Where the network looked: a PNG data URL, when the analyzer provides one. */
  heatmap?: string | null;
}

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
