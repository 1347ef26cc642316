/** The stored IP allow and deny rules (global, or for one virtual key). */
export interface StoredIpRule {
  /** Normalised CIDR, e.g. `10.0.0.0/8`. */
  cidr: string;
  action: 'ALLOW' | 'DENY';
  virtualKeyId: string | null;
}

export interface IpRuleStore {
  enabledRules(): Promise<readonly StoredIpRule[]>;
}
