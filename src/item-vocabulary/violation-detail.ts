export type ViolationType = 'violation' | 'reminder';

export interface ViolationDetail {
  type: ViolationType;
  description: string;
}
