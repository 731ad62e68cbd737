import {
  IonBadge,
  IonButton,
  IonContent,
  IonIcon,
  IonItem,
  IonLabel,
  IonList,
  IonPage,
  IonProgressBar,
  IonRefresher,
  IonRefresherContent,
  IonSegment,
  IonSegmentButton,
  IonText,
  useIonViewWillEnter,
} from '@ionic/react';
import { chevronForward } from 'ionicons/icons';
import { useCallback, useEffect, useState } from 'react';
import { useHistory } from 'react-router-dom';
import { listWorklist } from '../api/reviews';
import type { AnalysisSummary } from '../api/types';
import { formatDateTime, formatProbability } from '../analysisView';
import { PageHeader } from '../components/PageHeader';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

type Tab = 'pending' | 'done';

/** The dermatologist's worklist: waiting analyses, highest risk first, or the ones they reviewed. */
export function WorklistPage() {
  const { t, locale } = useI18n();
  const history = useHistory();
  const [tab, setTab] = useState<Tab>('pending');
  const [items, setItems] = useState<AnalysisSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await listWorklist(tab);
      setItems(page.items);
      setError(null);
    } catch (caught) {
      setError(describeError(caught, t));
    }
  }, [tab, t]);

  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);
  useIonViewWillEnter(() => void load());

  return (
    <IonPage data-testid="worklist-page">
      <PageHeader title={t('worklist.title')} />
      <IonContent className="ion-padding">
        <IonRefresher slot="fixed" onIonRefresh={(event) => void load().finally(() => event.detail.complete())}>
          <IonRefresherContent />
        </IonRefresher>
        <div className="page-body wide">
          <IonSegment value={tab} onIonChange={(event) => setTab((event.detail.value as Tab) ?? 'pending')}>
            <IonSegmentButton value="pending" data-testid="worklist-tab-pending">
              <IonLabel>{t('worklist.pending')}</IonLabel>
            </IonSegmentButton>
            <IonSegmentButton value="done" data-testid="worklist-tab-done">
              <IonLabel>{t('worklist.done')}</IonLabel>
            </IonSegmentButton>
          </IonSegment>
          {!items && !error && <IonProgressBar type="indeterminate" />}
          {error && (
            <IonText color="danger">
              <p role="alert">{error}</p>
            </IonText>
          )}
          {items && items.length === 0 && (
            <p className="empty-state" data-testid="worklist-empty">
              {t('worklist.empty')}
            </p>
          )}
          {items && items.length > 0 && (
            <IonList lines="full" data-testid="worklist">
              {items.map((item) => (
                <IonItem key={item.id} data-testid="worklist-row" data-analysis-id={item.id}>
                  <IonLabel>
                    <div className="worklist-row">
                      <span className="worklist-risk" data-testid="worklist-risk">
                        {item.result == null ? '—' : formatProbability(item.result, locale)}
                      </span>
                      <span className="worklist-what">
                        <strong>{item.bodySite ? t(`site.${item.bodySite}`) : t('patient.bodySiteNone')}</strong>
                        <span className={item.description ? '' : 'muted'}>
                          {item.description || t('requests.noDescription')}
                        </span>
                        <span className="worklist-reasons">
                          {(item.review?.reasons ?? []).map((reason) => (
                            <IonBadge key={reason} color={reason === 'melanoma_risk' ? 'danger' : 'medium'}>
                              {t(`review.reason.${reason}`)}
                            </IonBadge>
                          ))}
                        </span>
                      </span>
                      <span className="worklist-date">{formatDateTime(item.creationDate, locale)}</span>
                      <IonButton
                        size="small"
                        fill="outline"
                        data-testid="worklist-open"
                        onClick={() => history.push(`/app/worklist/${encodeURIComponent(item.id)}`)}
                      >
                        {t('worklist.open')}
                        <IonIcon slot="end" icon={chevronForward} aria-hidden="true" />
                      </IonButton>
                    </div>
                  </IonLabel>
                </IonItem>
              ))}
            </IonList>
          )}
        </div>
      </IonContent>
    </IonPage>
  );
}
