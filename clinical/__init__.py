"""unknot's clinical content as code sees it: the schema, loading and validation of content/, the body
regions and marks, the triage rules and the body geometry. Every app may import it; it imports no app."""
