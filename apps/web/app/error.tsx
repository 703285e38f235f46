'use client';
/** Last resort for errors a page did not handle itself (those render their own ProblemState). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="state problem" role="alert">
      <h2>This view failed to render</h2>
      <p>The dashboard's server log has the details{error.digest ? ` (reference ${error.digest})` : ''}.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
