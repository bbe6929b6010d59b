using System.Buffers;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// The words of a text as text search sees them: cut at spaces and punctuation, each trimmed of the
/// whitespace around it, empty ones dropped. The one rule for the text index, overlay entries and queries;
/// it cuts in place, so the index allocates only for words it has not seen before.
/// </summary>
internal ref struct SearchWords(ReadOnlySpan<char> text)
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(" ,.-'’()&/:;\"!?");

    private ReadOnlySpan<char> _rest = text;

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly SearchWords GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var end = _rest.IndexOfAny(Separators);
            var word = (end < 0 ? _rest : _rest[..end]).Trim();
            _rest = end < 0 ? [] : _rest[(end + 1)..];
            if (!word.IsEmpty)
            {
                Current = word;
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Each word's positions in a list of entries, gathered entry by entry in position order (so each list is
/// ascending and holds a position once). Text is lower-cased into a reused buffer and cut in place: a
/// directory of a million meetings repeats the same few thousand words, and only a new word makes a string.
/// </summary>
internal sealed class WordPositions
{
    private readonly Dictionary<string, List<int>> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> _byWord;
    private char[] _lowered = new char[256];

    public WordPositions() => _byWord = _positions.GetAlternateLookup<ReadOnlySpan<char>>();

    public Dictionary<string, List<int>> Positions => _positions;

    /// <summary>Adds the words of <paramref name="entry"/>'s <see cref="SearchEntry.SearchText"/> at <paramref name="position"/>.</summary>
    public void Add(SearchEntry entry, int position)
    {
        // The fields one at a time: the space that joins them in SearchText separates words anyway.
        var (name, groupName, venueName, town, groupAreas) = entry.TextFields;
        AddWords(name, position);
        AddWords(groupName, position);
        AddWords(venueName, position);
        AddWords(town, position);
        AddWords(groupAreas, position);
    }

    private void AddWords(string? text, int position)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (_lowered.Length < text.Length)
        {
            _lowered = new char[text.Length * 2];
        }

        var lowered = _lowered.AsSpan(0, text.Length);
        text.AsSpan().ToLowerInvariant(lowered);
        foreach (var word in new SearchWords(lowered))
        {
            if (!_byWord.TryGetValue(word, out var positions))
            {
                positions = [];
                _byWord[word] = positions;
            }

            // An entry's words all arrive at its position before the next entry's: a repeated word is the last one added.
            if (positions.Count == 0 || positions[^1] != position)
            {
                positions.Add(position);
            }
        }
    }
}
