import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AuditPage } from '../api/accounts';
import { renderWithI18n } from '../testing';
import { AuditTrailList } from './AuditTrailList';

const PAGE: AuditPage = {
  items: [
    {
      id: 42,
      at: '2026-11-27T14:03:11Z',
      action: 'read',
      outcome: 'success',
      userId: 2,
      username: 'dr_rojas',
      targetUserId: null,
      analysisIds: ['5f0c1a'],
      client: '10.0.4.17',
      details: {},
      hash: 'ab',
    },
    {
      id: 41,
      at: '2026-11-27T14:02:00Z',
      action: 'access',
      outcome: 'denied',
      userId: null,
      username: null,
      targetUserId: null,
      analysisIds: [],
      client: '10.0.4.99',
      details: { status: '401' },
      hash: 'cd',
    },
  ],
  total: 120,
  page: 1,
  pageSize: 50,
};

function typeInto(testId: string, value: string) {
  fireEvent(screen.getByTestId(testId), new CustomEvent('ionInput', { detail: { value } }));
}

describe('AuditTrailList', () => {
  it('shows who did what to which analysis, from where', () => {
    renderWithI18n(<AuditTrailList page={PAGE} onSearch={vi.fn()} />);
    const events = screen.getAllByTestId('audit-event');
    expect(events).toHaveLength(2);
    expect(events[0]).toHaveTextContent('dr_rojas (#2) · 10.0.4.17');
    expect(events[0]).toHaveTextContent('5f0c1a');
    expect(events[1]).toHaveTextContent('denegado');
    expect(events[1]).toHaveTextContent('desconocido');
    expect(events[1]).toHaveTextContent('status=401');
    expect(screen.getByTestId('audit-total')).toHaveTextContent('120 eventos');
  });

  it('searches with the filters and pages to earlier events', () => {
    const onSearch = vi.fn();
    renderWithI18n(<AuditTrailList page={PAGE} onSearch={onSearch} />, 'en');
    typeInto('audit-analysisId', '5f0c1a');
    typeInto('audit-from', '2026-11-01');
    fireEvent.click(screen.getByTestId('audit-search'));
    expect(onSearch).toHaveBeenLastCalledWith({ analysisId: '5f0c1a', userId: '', from: '2026-11-01', to: '', page: 1 });
    fireEvent.click(screen.getByTestId('audit-older'));
    expect(onSearch).toHaveBeenLastCalledWith(expect.objectContaining({ page: 2, analysisId: '5f0c1a' }));
    expect(screen.getByTestId('audit-newer')).toHaveAttribute('disabled');
  });

  it('says when nothing matches', () => {
    renderWithI18n(<AuditTrailList page={{ items: [], total: 0, page: 1, pageSize: 50 }} onSearch={vi.fn()} />, 'en');
    expect(screen.getByTestId('audit-empty')).toHaveTextContent('No events for this filter.');
  });
});
