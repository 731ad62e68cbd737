import { IonIcon, IonNote } from '@ionic/react';
import { informationCircleOutline } from 'ionicons/icons';
import { useI18n } from '../i18n/I18nContext';

/** Every result reminds the reader that it supports, and does not replace, a clinician's judgement. */
export function Disclaimer() {
  const { t } = useI18n();
  return (
    <IonNote className="disclaimer" data-testid="disclaimer">
      <IonIcon icon={informationCircleOutline} aria-hidden="true" />
      <span>{t('detail.disclaimer')}</span>
    </IonNote>
  );
}
