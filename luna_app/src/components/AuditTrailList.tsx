import { IonButton, IonInput, IonItem, IonLabel, IonList, IonText } from '@ionic/react';
import { useState, type FormEvent } from 'react';
import type { AuditPage, AuditQuery } from '../api/accounts';
import { useI18n } from '../i18n/I18nContext';
import type { MessageKey } from '../i18n/messages';

interface AuditTrailListProps {
  page: AuditPage | null;
  onSearch: (query: AuditQuery) => void;
}

const FILTERS = ['analysisId', 'userId', 'from', 'to'] as const;

/** Filters (analysis, user, dates) and one page of audit events, newest first. */
export function AuditTrailList({ page, onSearch }: AuditTrailListProps) {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<Record<(typeof FILTERS)[number], string>>({
    analysisId: '',
    userId: '',
    from: '',
    to: '',
  });
  const search = (pageNumber: number, event?: FormEvent) => {
    event?.preventDefault();
    onSearch({ ...filters, page: pageNumber });
  };
  const outcome = (value: string) => {
    const key = `audit.outcome.${value}` as MessageKey;
    const text = t(key);
    return text === key ? value : text;
  };
  const lastPage = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  return (
    <>
      <form data-testid="audit-filters" onSubmit={(event) => search(1, event)} noValidate>
        {FILTERS.map((name) => (
          <IonInput
            key={name}
            data-testid={`audit-${name}`}
            label={t(`audit.${name}`)}
            labelPlacement="floating"
            fill="outline"
            type={name === 'from' || name === 'to' ? 'date' : 'text'}
            value={filters[name]}
            onIonInput={(event) => setFilters((current) => ({ ...current, [name]: String(event.detail.value ?? '') }))}
          />
        ))}
        <IonButton expand="block" data-testid="audit-search" onClick={() => search(1)}>
          {t('audit.search')}
        </IonButton>
      </form>
      {page && (
        <>
          <p data-testid="audit-total">{t('audit.total', { total: page.total })}</p>
          {page.items.length === 0 ? (
            <p data-testid="audit-empty">{t('audit.empty')}</p>
          ) : (
            <IonList inset data-testid="audit-list">
              {page.items.map((event) => (
                <IonItem key={event.id} data-testid="audit-event" lines="full">
                  <IonLabel className="ion-text-wrap">
                    <h3>
                      {new Date(event.at).toLocaleString(locale)} · <strong>{event.action}</strong>{' '}
                      <IonText color={event.outcome === 'success' ? 'success' : 'danger'}>{outcome(event.outcome)}</IonText>
                    </h3>
                    <p>
                      {event.username ?? t('audit.anonymous')}
                      {event.userId !== null ? ` (#${event.userId})` : ''}
                      {event.client ? ` · ${event.client}` : ''}
                      {event.targetUserId !== null ? ` → #${event.targetUserId}` : ''}
                    </p>
                    {event.analysisIds.length > 0 && <p className="audit-ids">{event.analysisIds.join(', ')}</p>}
                    {Object.keys(event.details).length > 0 && (
                      <p className="audit-details">
                        {Object.entries(event.details)
                          .map(([key, value]) => `${key}=${value}`)
                          .join(' ')}
                      </p>
                    )}
                  </IonLabel>
                </IonItem>
              ))}
            </IonList>
          )}
          <div className="audit-pages">
            <IonButton fill="clear" data-testid="audit-newer" disabled={page.page <= 1} onClick={() => search(page.page - 1)}>
              {t('audit.next')}
            </IonButton>
            <IonButton fill="clear" data-testid="audit-older" disabled={page.page >= lastPage} onClick={() => search(page.page + 1)}>
              {t('audit.previous')}
            </IonButton>
          </div>
        </>
      )}
    </>
  );
}
