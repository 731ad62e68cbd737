import { IonCard, IonCardContent, IonCardHeader, IonCardTitle } from '@ionic/react';
import type { ReviewView } from '../api/clinicalTypes';
import { formatDateTime } from '../analysisView';
import { useI18n } from '../i18n/I18nContext';

/** A dermatologist's current opinion: impression, recommendation, agreement, comment, who and when. */
export function ReviewOpinionCard({ review }: { review: ReviewView }) {
  const { t, locale } = useI18n();
  if (review.status !== 'done' || !review.impression || !review.recommendation) return null;
  return (
    <IonCard className="review-card" data-testid="review-opinion" data-impression={review.impression}>
      <IonCardHeader>
        <IonCardTitle>{t('review.title')}</IonCardTitle>
      </IonCardHeader>
      <IonCardContent>
        <dl className="facts">
          <dt>{t('review.impression')}</dt>
          <dd data-testid="review-impression">{t(`impression.${review.impression}`)}</dd>
          <dt>{t('review.recommendation')}</dt>
          <dd data-testid="review-recommendation">{t(`recommendation.${review.recommendation}`)}</dd>
          <dt>{t('review.agreesWithModel')}</dt>
          <dd>{t(review.agreesWithModel ? 'review.yes' : 'review.no')}</dd>
          {review.comment && (
            <>
              <dt>{t('review.comment')}</dt>
              <dd data-testid="review-comment">{review.comment}</dd>
            </>
          )}
        </dl>
        <p className="muted" data-testid="review-by">
          {t('review.by', {
            name: review.reviewerName ?? '—',
            date: formatDateTime(review.reviewedAt, locale),
          })}
        </p>
        {review.amended && <p className="muted">{t('review.amended', { count: review.history.length })}</p>}
      </IonCardContent>
    </IonCard>
  );
}
