import { IonButton, IonIcon, IonItem, IonLabel, IonList } from '@ionic/react';
import { chevronForward } from 'ionicons/icons';
import type { AnalysisSummary } from '../api/types';
import { formatDateTime } from '../analysisView';
import { useI18n } from '../i18n/I18nContext';
import { BandChip } from './BandChip';
import { ReviewBadge } from './ReviewBadge';
import { StatusBadge } from './StatusBadge';

interface RequestsListProps {
  items: readonly AnalysisSummary[];
  onOpen: (id: string) => void;
}

/** The user's analysis requests as rows: date and time, description, status and a detail button. */
export function RequestsList({ items, onOpen }: RequestsListProps) {
  const { t, locale } = useI18n();
  if (items.length === 0) {
    return (
      <p className="empty-state" data-testid="requests-empty">
        {t('requests.empty')}
      </p>
    );
  }
  return (
    <IonList className="requests-list" data-testid="requests-list" lines="full">
      <div className="requests-header" aria-hidden="true">
        <span>{t('requests.date')}</span>
        <span>{t('requests.descriptionHeader')}</span>
        <span>{t('requests.status')}</span>
        <span>{t('requests.band')}</span>
        <span />
      </div>
      {items.map((item) => (
        <IonItem key={item.id} data-testid="request-row" data-request-id={item.id} data-status={item.status}>
          <IonLabel className="request-row">
            <span className="request-date" data-testid="request-date">
              {formatDateTime(item.creationDate, locale)}
            </span>
            <span className={item.description ? 'request-description' : 'request-description muted'}>
              {item.description || t('requests.noDescription')}
              {item.patientReference && (
                <small className="request-patient" data-testid="request-patient">
                  {' · '}
                  {t('requests.patient', { reference: item.patientReference })}
                  {item.bodySite && ` · ${t(`site.${item.bodySite}`)}`}
                </small>
              )}
            </span>
            <span className="request-status">
              <StatusBadge status={item.status} />
              <ReviewBadge review={item.review} />
            </span>
            <span className="request-band">
              <BandChip analysis={item} />
            </span>
            <span className="request-action">
              <IonButton fill="outline" data-testid="request-open" onClick={() => onOpen(item.id)}>
                {t('requests.viewDetail')}
                <IonIcon slot="end" icon={chevronForward} aria-hidden="true" />
              </IonButton>
            </span>
          </IonLabel>
        </IonItem>
      ))}
    </IonList>
  );
}
