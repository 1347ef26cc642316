/** OpenAI's error body: every error the gateway answers on `/v1` has this shape. */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
  };
}
