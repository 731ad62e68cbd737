import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithI18n } from '../testing';
import { ReviewForm } from './ReviewForm';

/** What Ionic's radio group does when a radio is picked (jsdom runs no web components). */
function choose(testId: string): void {
  const radio = screen.getByTestId(testId) as HTMLElement & { value?: string };
  const group = radio.closest('ion-radio-group');
  act(() => {
    group?.dispatchEvent(new CustomEvent('ionChange', { detail: { value: radio.value }, bubbles: true }));
  });
}

describe('ReviewForm', () => {
  it('asks for every choice before sending', () => {
    const onSubmit = vi.fn();
    renderWithI18n(<ReviewForm amends={false} sending={false} onSubmit={onSubmit} />);
    fireEvent.submit(screen.getByTestId('review-form'));
    expect(screen.getByTestId('review-incomplete')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the API body, with amends when amending', () => {
    const onSubmit = vi.fn();
    renderWithI18n(<ReviewForm amends sending={false} onSubmit={onSubmit} />);
    choose('impression-benign');
    choose('recommendation-follow_up');
    choose('agrees-no');
    fireEvent.submit(screen.getByTestId('review-form'));
    expect(onSubmit).toHaveBeenCalledWith({
      impression: 'benign',
      recommendation: 'follow_up',
      agreesWithModel: false,
      amends: true,
    });
    expect(screen.getByTestId('review-submit')).toHaveTextContent('Corregir revisión');
  });
});
