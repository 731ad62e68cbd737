/**
 * Every signed-in page and tab, in one table: add a page here (a lazy view, its path, and a tab
 * when it has one). Views load as separate chunks, so the login form never waits for them.
 */
import { cameraOutline, clipboardOutline, listOutline, personCircleOutline } from 'ionicons/icons';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from './i18n/messages';

export interface AppRoute {
  path: string;
  view: LazyExoticComponent<ComponentType>;
  /** Start loading the view's chunk before it is opened. */
  preload: () => Promise<unknown>;
}

export interface AppTab {
  tab: string;
  href: string;
  icon: string;
  label: MessageKey;
  /** Shown only to users holding one of these roles; every user when absent. */
  roles?: readonly string[];
}

/** A lazily loaded view from a module's named export. */
function lazyView<M>(load: () => Promise<M>, pick: (module: M) => ComponentType, path: string): AppRoute {
  return { path, view: lazy(() => load().then((module) => ({ default: pick(module) }))), preload: load };
}

export const SIGNED_IN_ROUTES: readonly AppRoute[] = [
  lazyView(() => import('./pages/AnalysePage'), (m) => m.AnalysePage, '/app/analyse'),
  lazyView(() => import('./pages/RequestsPage'), (m) => m.RequestsPage, '/app/requests'),
  lazyView(() => import('./pages/DetailPage'), (m) => m.DetailPage, '/app/requests/:id'),
  lazyView(() => import('./pages/ModelPage'), (m) => m.ModelPage, '/app/models/:name/:version'),
  lazyView(() => import('./pages/AccountPage'), (m) => m.AccountPage, '/app/account'),
  lazyView(() => import('./pages/WorklistPage'), (m) => m.WorklistPage, '/app/worklist'),
  lazyView(() => import('./pages/ReviewPage'), (m) => m.ReviewPage, '/app/worklist/:id'),
  lazyView(() => import('./pages/AdminUsersPage'), (m) => m.AdminUsersPage, '/app/admin/users'),
  lazyView(() => import('./pages/AuditPage'), (m) => m.AuditPage, '/app/admin/audit'),
];

export const TABS: readonly AppTab[] = [
  { tab: 'analyse', href: '/app/analyse', icon: cameraOutline, label: 'tabs.analyse' },
  { tab: 'requests', href: '/app/requests', icon: listOutline, label: 'tabs.requests' },
  { tab: 'worklist', href: '/app/worklist', icon: clipboardOutline, label: 'tabs.worklist', roles: ['dermatologist'] },
  { tab: 'account', href: '/app/account', icon: personCircleOutline, label: 'tabs.account' },
];

/** The path of an analysis's detail page. */
export function detailPath(id: string): string {
  return `/app/requests/${encodeURIComponent(id)}`;
}

/** The path of a model's "about this model" page. */
export function modelPath(name: string, version: string): string {
  return `/app/models/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
}
