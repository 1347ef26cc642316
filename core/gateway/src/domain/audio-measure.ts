/** Audio a request measured (placeholder until the foundation commit lands; same names). */
export interface AudioMeasure {
  inputSeconds?: number;
  outputSeconds?: number;
  characters?: number;
  sessionSeconds?: number;
}
