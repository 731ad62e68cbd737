import { IonBadge } from '@ionic/react';
import type { ReviewView } from '../api/clinicalTypes';
import { useI18n } from '../i18n/I18nContext';

/** The dermatologist review's state in the GP's list: nothing, waiting, or reviewed. */
export function ReviewBadge({ review }: { review: ReviewView | null | undefined }) {
  const { t } = useI18n();
  if (!review) return null;
  const done = review.status === 'done';
  return (
    <IonBadge
      color={done ? 'tertiary' : 'medium'}
      className="review-badge"
      data-testid="review-badge"
      data-review-status={review.status}
      title={done && review.impression ? t(`impression.${review.impression}`) : undefined}
    >
      {t(done ? 'review.badgeDone' : 'review.badgePending')}
    </IonBadge>
  );
}
