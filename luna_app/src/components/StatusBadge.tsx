import { IonBadge } from '@ionic/react';
import type { AnalysisStatus } from '../api/types';
import { STATUS_COLORS, statusLabelKey } from '../analysisView';
import { useI18n } from '../i18n/I18nContext';

export function StatusBadge({ status }: { status: AnalysisStatus }) {
  const { t } = useI18n();
  return (
    <IonBadge color={STATUS_COLORS[status]} data-testid="status-badge" data-status={status}>
      {t(statusLabelKey(status))}
    </IonBadge>
  );
}
