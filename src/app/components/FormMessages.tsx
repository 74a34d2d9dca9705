/**
 * What went wrong (an alert, read out at once) and what was done (a status, read out politely), above a
 * screen's form. Either may be empty; the admin's screens all say both the same way.
 */
export function FormMessages({ error, notice }: { error?: string | null; notice?: string | null }) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </>
  );
}
