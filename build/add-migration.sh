#!/usr/bin/env bash
# Adds a migration to one module for both database providers, so SQLite and SQL Server never drift.
# Usage: build/add-migration.sh <Module> <MigrationName>      e.g. build/add-migration.sh Venues AddArchivedAt
set -euo pipefail
cd "$(dirname "$0")/.."
module="${1:?module name, e.g. Venues}"
name="${2:?migration name}"
project="src/Modules/${module}/RecoveryPlatform.Modules.${module}"

dotnet tool restore >/dev/null
dotnet build "$project" -v q -nologo >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --no-build --project "$project" \
    --context "${module}${provider}DbContext" --output-dir "Persistence/Migrations/${provider}"
done

# EF Core generates public migration classes; a module exposes only its registration type.
find "$project/Persistence/Migrations" -name '*.cs' -exec sed -i 's/^    public partial class /    internal partial class /' {} +
echo "Added ${name} to ${module} for Sqlite and SqlServer."
