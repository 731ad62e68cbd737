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
import type { AnalysisPage } from '../api/types';
import { shouldPoll } from '../analysisView';
import { OutboxList } from '../components/OutboxList';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { RequestsList } from '../components/RequestsList';
import { POLL_INTERVAL_MS, REQUESTS_PAGE_SIZE } from '../config';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';
import { plural } from '../i18n/messages';
import { useOutbox } from '../outbox/OutboxContext';
import { detailPath } from '../routes';

/** The number of pages `total` requests fill (at least one, even when empty). */
export function pageCount(total: number, pageSize: number = REQUESTS_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The user's analysis requests, newest first, page by page, with a date filter; refreshes while any is waiting. */
export function RequestsPage() {
  const { t, locale } = useI18n();
  const history = useHistory();
  const outbox = useOutbox();
  // Active from the first render: the page mounts because it is being entered. Waiting for the
  // first ionViewWillEnter raced with the hook's registration, and then the list never loaded.
  const [active, setActive] = useState(true);
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const [patientReference, setPatientReference] = useState('');
  // Only a reference the API accepts filters; a half-typed one keeps the previous list.
  const patientFilter = isValidPatientReference(patientReference) ? patientReference.trim() : '';
  const [page, setPage] = useState(1);
  const [listing, setListing] = useState<AnalysisPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latestRequest = useRef(0);

  useIonViewWillEnter(() => setActive(true));
  useIonViewDidLeave(() => setActive(false));

  const rangeInvalid = !!dateFrom && !!dateTo && dateFrom > dateTo;

  const load = useCallback(async () => {
    if (rangeInvalid) return;
    const requestNumber = ++latestRequest.current;
    try {
      const result = await listAnalyses({
        dateFrom: dateFrom || undefined,
        dateTo: dateTo || undefined,
        patientReference: patientFilter || undefined,
        page,
        pageSize: REQUESTS_PAGE_SIZE,
      });
      if (requestNumber !== latestRequest.current) return; // a newer query has answered or will answer
      const pages = pageCount(result.total);
      if (page > pages) {
        setPage(pages); // the list got shorter: show its last page
        return;
      }
      setListing(result);
      setError(null);
    } catch (caught) {
      if (requestNumber === latestRequest.current) setError(describeError(caught, t, locale));
    }
  }, [dateFrom, dateTo, patientFilter, page, rangeInvalid, t, locale]);

  // Load when the view is entered (a new request then shows at once), when the filter or page
  // changes, and when a photo queued on this device has been sent.
  useEffect(() => {
    if (active) void load();
  }, [active, load, outbox.sentCount]);

  const items = listing?.items ?? null;
  useEffect(() => {
    if (!active || !items || !shouldPoll(items)) return undefined;
    const timer = window.setTimeout(() => void load(), POLL_INTERVAL_MS);
    return () => window.clearTimeout(timer);
  }, [active, items, load]);

  const changeFilter = (setter: (value: string) => void) => (value: string) => {
    setter(value);
    setPage(1);
  };
  const setPatientFilter = changeFilter(setPatientReference);

  const polling = !!items && shouldPoll(items);
  const total = listing?.total ?? 0;
  const first = (page - 1) * REQUESTS_PAGE_SIZE + 1;
  const last = first + (items?.length ?? 0) - 1;

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
              onIonChange={(event) => changeFilter(setDateFrom)(String(event.detail.value ?? ''))}
            />
            <IonInput
              data-testid="filter-to"
              type="date"
              label={t('requests.dateTo')}
              labelPlacement="stacked"
              fill="outline"
              value={dateTo}
              min={dateFrom || undefined}
              onIonChange={(event) => changeFilter(setDateTo)(String(event.detail.value ?? ''))}
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
              onIonInput={(event) => setPatientFilter(String(event.detail.value ?? ''))}
            />
            <IonButton
              data-testid="filter-clear"
              fill="clear"
              disabled={!dateFrom && !dateTo && !patientReference}
              onClick={() => {
                setDateFrom('');
                setDateTo('');
                setPatientReference('');
                setPage(1);
              }}
            >
              {t('requests.clearFilter')}
            </IonButton>
          </div>
          <OutboxList items={outbox.items} onDiscard={(id) => void outbox.discard(id)} />
          {rangeInvalid ? (
            <IonText color="danger">
              <p role="alert" data-testid="filter-invalid">
                {t('requests.dateRangeInvalid')}
              </p>
            </IonText>
          ) : (
            <>
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
                    {plural(t, locale, 'requests.total', total)}
                    {total > REQUESTS_PAGE_SIZE && items.length > 0 && (
                      <span data-testid="requests-showing"> · {t('requests.showing', { first, last })}</span>
                    )}
                    {polling && <span data-testid="requests-polling"> · {t('requests.refreshing')}</span>}
                  </p>
                  <RequestsList items={items} onOpen={(id) => history.push(detailPath(id))} />
                  <Pager page={page} pages={pageCount(total)} onPage={setPage} />
                </>
              )}
            </>
          )}
        </div>
      </IonContent>
    </IonPage>
  );
}
