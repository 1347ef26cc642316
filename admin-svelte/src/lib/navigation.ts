/**
 * The pages and how the navigation groups them. Each page is its own chunk, loaded when first
 * visited. A page that comes later adds an entry to its group here and nothing else.
 */
import type { Component } from 'svelte';
import type { AdminRole } from './state/session.svelte.ts';

export interface PageEntry {
  path: string;
  title: string;
  load: () => Promise<{ default: Component }>;
  /** The least role that may open it; others do not see it in the navigation. */
  requires?: AdminRole;
}

export interface NavigationGroup {
  label: string;
  pages: PageEntry[];
}

export const navigation: NavigationGroup[] = [
  {
    label: 'Overview',
    pages: [{ path: '/', title: 'Dashboard', load: () => import('../pages/dashboard-page.svelte') }],
  },
  {
    label: 'Providers & models',
    pages: [
      { path: '/providers', title: 'Providers', load: () => import('../pages/providers-page.svelte') },
      { path: '/models', title: 'Models', load: () => import('../pages/models-page.svelte') },
      { path: '/routing', title: 'Routing', load: () => import('../pages/routing-page.svelte') },
      { path: '/playground', title: 'Playground', load: () => import('../pages/playground-page.svelte') },
    ],
  },
  {
    label: 'Keys & costs',
    pages: [
      { path: '/keys', title: 'Virtual keys', load: () => import('../pages/virtual-keys-page.svelte') },
      { path: '/key-groups', title: 'Key groups', load: () => import('../pages/key-groups-page.svelte') },
      { path: '/prices', title: 'Prices', load: () => import('../pages/prices-page.svelte') },
      { path: '/usage', title: 'Usage & costs', load: () => import('../pages/usage-page.svelte') },
    ],
  },
  {
    label: 'Monitoring',
    pages: [
      { path: '/requests', title: 'Request log', load: () => import('../pages/request-log-page.svelte') },
      { path: '/health', title: 'Provider health', load: () => import('../pages/provider-health-page.svelte') },
      { path: '/audio', title: 'Audio', load: () => import('../pages/audio-page.svelte') },
      { path: '/notifications', title: 'Notifications', load: () => import('../pages/notifications-page.svelte') },
      { path: '/realtime', title: 'Realtime', load: () => import('../pages/realtime-page.svelte') },
    ],
  },
  {
    label: 'System',
    pages: [
      { path: '/ip-filters', title: 'IP filtering', load: () => import('../pages/ip-filters-page.svelte') },
      { path: '/plugins', title: 'Plugins', load: () => import('../pages/plugins-page.svelte') },
      { path: '/admin-tokens', title: 'Admin tokens', requires: 'ADMIN', load: () => import('../pages/admin-tokens-page.svelte') },
      { path: '/audit-log', title: 'Audit log', requires: 'ADMIN', load: () => import('../pages/audit-log-page.svelte') },
    ],
  },
];

export function findPage(path: string): PageEntry | undefined {
  for (const group of navigation) {
    const page = group.pages.find((entry) => entry.path === path);
    if (page) return page;
  }
  return undefined;
}
