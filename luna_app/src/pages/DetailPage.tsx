import { IonContent, IonPage, IonProgressBar, IonText, useIonViewDidLeave, useIonViewWillEnter } from '@ionic/react';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { getAnalysis } from '../api/client';
import type { AnalysisDetail } from '../api/types';
import { AnalysisDetailView } from '../components/AnalysisDetailView';
import { PageHeader } from '../components/PageHeader';
import { POLL_INTERVAL_MS } from '../config';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

/** One analysis request; refreshes itself while it is waiting for its result. */
export function DetailPage() {
  const { t, locale } = useI18n();
  const { id } = useParams<{ id: string }>();
  const [active, setActive] = useState(true);
  const [analysis, setAnalysis] = useState<AnalysisDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useIonViewWillEnter(() => setActive(true));
  useIonViewDidLeave(() => setActive(false));

  const load = useCallback(async () => {
    try {
      const record = await getAnalysis(id);
      setAnalysis(record);
      setError(null);
    } catch (caught) {
      setError(describeError(caught, t, locale));
    }
  }, [id, t, locale]);

  useEffect(() => {
    setAnalysis(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (!active || analysis?.status !== 'pending') return undefined;
    const timer = window.setTimeout(() => void load(), POLL_INTERVAL_MS);
    return () => window.clearTimeout(timer);
  }, [active, analysis, load]);

  return (
    <IonPage data-testid="detail-page">
      <PageHeader title={t('detail.title')} backHref="/app/requests" />
      <IonContent className="ion-padding">
        <div className="page-body">
          {!analysis && !error && <IonProgressBar type="indeterminate" />}
          {error && (
            <IonText color="danger">
              <p role="alert" data-testid="detail-error">
                {error}
              </p>
            </IonText>
          )}
          {analysis && <AnalysisDetailView key={analysis.id} analysis={analysis} onChanged={() => void load()} />}
        </div>
      </IonContent>
    </IonPage>
  );
}
