namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// A position list after a compaction (<see cref="SearchSnapshot.Compact"/>): its old positions moved, those
/// of entries gone dropped, and new positions merged in. Moving keeps positions in the order they had, so
/// a list stays in its order (ascending, or slot order) without being sorted again.
/// </summary>
internal static class MovedPositions
{
    /// <param name="positions">Old positions, in <paramref name="order"/>.</param>
    /// <param name="newPositionOf">Each old position's new one, or -1 when its entry is gone.</param>
    /// <param name="added">New positions to merge in, already in <paramref name="order"/>.</param>
    /// <param name="order">The list's order, over new positions.</param>
    public static int[] Merge(int[] positions, int[] newPositionOf, IReadOnlyList<int> added, IComparer<int> order)
    {
        var result = new int[positions.Length + added.Count];
        int count = 0, next = 0;
        foreach (var oldPosition in positions)
        {
            var position = newPositionOf[oldPosition];
            if (position < 0)
            {
                continue;
            }

            while (next < added.Count && order.Compare(added[next], position) < 0)
            {
                result[count++] = added[next++];
            }

            result[count++] = position;
        }

        while (next < added.Count)
        {
            result[count++] = added[next++];
        }

        return count == result.Length ? result : result[..count];
    }
}
