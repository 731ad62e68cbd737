/** Shapes of the LUNA REST API (JSON in camelCase). */
import type { ClinicalDetailFields, ClinicalFields } from './clinicalTypes';

export type AnalysisStatus = 'pending' | 'completed' | 'failed';

export interface User {
  id: string | number;
  username: string;
  email: string;
  roles: string[];
}

export interface SignInResponse extends User {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  /** An admin set a temporary password: only the password change works until it is changed. */
  mustChangePassword?: boolean;
}

export interface ModelInfo {
  name: string;
  version: string;
  validated: boolean;
  threshold: number;
}

export interface AnalysisSummary extends ClinicalFields {
  id: string;
  description: string | null;
  status: AnalysisStatus;
  creationDate: string;
  analysisDate: string | null;
  result: number | null;
  isMelanoma: boolean | null;
  model: ModelInfo | null;
  failureReason: string | null;
}

export interface AnalysisDetail extends AnalysisSummary, ClinicalDetailFields {
  image: string | null;
  imageType: string | null;
}

export interface AnalysisPage {
  items: AnalysisSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SubmittedAnalysis {
  id: string;
  status: AnalysisStatus;
  creationDate: string;
}

export interface AnalysisListQuery {
  dateFrom?: string;
  dateTo?: string;
  patientReference?: string;
  page?: number;
  pageSize?: number;
}
