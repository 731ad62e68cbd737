import {
  IonButton,
  IonContent,
  IonInput,
  IonPage,
  IonProgressBar,
  IonRefresher,
  IonRefresherContent,
  IonText,
  useIonViewDidLeave,
  useIonViewWillEnter,
} from '@ionic/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useHistory } from 'react-router-dom';
import { listAnalyses } from '../api/client';
import { isValidPatientReference } from '../api/clinicalTypes';
import type { AnalysisSummary } from '../api/types';
import { shouldPoll } from '../analysisView';
import { RequestsList } from '../components/RequestsList';
import { PageHeader } from '../components/PageHeader';
import { POLL_INTERVAL_MS } from '../config';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

/** The user's analysis requests, newest first, with a date filter; refreshes while any is waiting. */
export function RequestsPage() {
  const { t } = useI18n();
  const history = useHistory();
  const [active, setActive] = useState(false);
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const [patientReference, setPatientReference] = useState('');
  // Only a reference the API accepts filters; a half-typed one keeps the previous list.
  const patientFilter = isValidPatientReference(patientReference) ? patientReference.trim() : '';
  const [items, setItems] = useState<AnalysisSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const latestRequest = useRef(0);

  useIonViewWillEnter(() => setActive(true));
  useIonViewDidLeave(() => setActive(false));

  const load = useCallback(async () => {
    const requestNumber = ++latestRequest.current;
    try {
      const page = await listAnalyses({
        dateFrom: dateFrom || undefined,
        dateTo: dateTo || undefined,
        patientReference: patientFilter || undefined,
      });
      if (requestNumber !== latestRequest.current) return; // a newer filter has answered or will answer
      setItems(page.items);
      setTotal(page.total);
      setError(null);
    } catch (caught) {
      if (requestNumber === latestRequest.current) setError(describeError(caught, t));
    }
  }, [dateFrom, dateTo, patientFilter, t]);

  // Load when the view is entered (a new request then shows at once) and whenever the filter changes.
  useEffect(() => {
    if (active) void load();
  }, [active, load]);

  useEffect(() => {
    if (!active || !items || !shouldPoll(items)) return undefined;
    const timer = window.setTimeout(() => void load(), POLL_INTERVAL_MS);
    return () => window.clearTimeout(timer);
  }, [active, items, load]);

  const polling = !!items && shouldPoll(items);

  return (
    <IonPage data-testid="requests-page">
      <PageHeader title={t('requests.title')} />
      <IonContent className="ion-padding">
        <IonRefresher
          slot="fixed"
          onIonRefresh={(event) => {
            void load().finally(() => event.detail.complete());
          }}
        >
          <IonRefresherContent />
        </IonRefresher>
        <div className="page-body wide">
          <div className="date-filter">
            <IonInput
              data-testid="filter-from"
              type="date"
              label={t('requests.dateFrom')}
              labelPlacement="stacked"
              fill="outline"
              value={dateFrom}
              max={dateTo || undefined}
              onIonChange={(event) => setDateFrom(String(event.detail.value ?? ''))}
            />
            <IonInput
              data-testid="filter-to"
              type="date"
              label={t('requests.dateTo')}
              labelPlacement="stacked"
              fill="outline"
              value={dateTo}
              min={dateFrom || undefined}
              onIonChange={(event) => setDateTo(String(event.detail.value ?? ''))}
            />
            <IonInput
              data-testid="filter-patient"
              label={t('requests.filterPatient')}
              labelPlacement="stacked"
              fill="outline"
              autocomplete="off"
              spellcheck={false}
              debounce={400}
              value={patientReference}
              onIonInput={(event) => setPatientReference(String(event.detail.value ?? ''))}
            />
            <IonButton
              data-testid="filter-clear"
              fill="clear"
              disabled={!dateFrom && !dateTo && !patientReference}
              onClick={() => {
                setDateFrom('');
                setDateTo('');
                setPatientReference('');
              }}
            >
              {t('requests.clearFilter')}
            </IonButton>
          </div>
          {items === null && !error && <IonProgressBar type="indeterminate" />}
          {error && (
            <IonText color="danger">
              <p role="alert" data-testid="requests-error">
                {error}
              </p>
            </IonText>
          )}
          {items && (
            <>
              <p className="muted small" data-testid="requests-total">
                {t('requests.total', { count: total })}
                {polling && <span data-testid="requests-polling"> · {t('requests.refreshing')}</span>}
              </p>
              <RequestsList items={items} onOpen={(id) => history.push(`/app/requests/${encodeURIComponent(id)}`)} />
            </>
          )}
        </div>
      </IonContent>
    </IonPage>
  );
}
