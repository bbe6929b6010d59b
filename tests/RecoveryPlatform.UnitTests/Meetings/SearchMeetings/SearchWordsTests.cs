using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

/// <summary>
/// The text index cuts words in place (<see cref="SearchWords"/>, <see cref="WordPositions"/>); these hold it to
/// the rule it replaced, written the plain way: lower-case the joined text, split at the separators, trim.
/// </summary>
public sealed class SearchWordsTests
{
    private static readonly char[] Separators = [' ', ',', '.', '-', '\'', '’', '(', ')', '&', '/', ':', ';', '"', '!', '?'];

    // Separators, whitespace that is not one (trimmed only at a word's ends), and letters whose lower case is not ASCII.
    private const string Alphabet = "ab ,.-'’()&/:;\"!?\t\u00A0\u2003\nKİßÉæ1";

    private static string[] PlainWords(string text) => text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData("St Mary's Church, Leeds", new[] { "St", "Mary", "s", "Church", "Leeds" })]
    [InlineData("  Big Book  (Step 12) ", new[] { "Big", "Book", "Step", "12" })]
    [InlineData("\u00A0Hall\u00A0 \tRoom\t2 ", new[] { "Hall", "Room\t2" })]
    [InlineData(" ,.-!? ", new string[0])]
    [InlineData("", new string[0])]
    public void Cuts_at_separators_and_trims_each_word(string text, string[] expected) =>
        Assert.Equal(expected, SearchSnapshot.Tokenise(text));

    [Fact]
    public void Cuts_any_text_as_a_plain_split_does()
    {
        var random = new Random(20261201);
        for (var i = 0; i < 5_000; i++)
        {
            var text = RandomText(random, random.Next(0, 24));
            Assert.Equal(PlainWords(text), SearchSnapshot.Tokenise(text));
        }
    }

    [Fact]
    public void Gathers_each_lower_case_word_once_per_entry_in_position_order()
    {
        var random = new Random(7);
        var entries = Enumerable.Range(0, 400)
            .Select(_ => Entry(RandomText(random, 12), RandomText(random, 6), random.Next(3) == 0 ? null : RandomText(random, 8), RandomText(random, 5)))
            .ToList();
        var expected = entries
            .SelectMany((entry, position) => PlainWords(entry.SearchText).Distinct(StringComparer.Ordinal).Select(word => (word, position)))
            .GroupBy(p => p.word, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.position).ToList(), StringComparer.Ordinal);

        var words = new WordPositions();
        for (var position = 0; position < entries.Count; position++)
        {
            words.Add(entries[position], position);
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), words.Positions.Keys.Order(StringComparer.Ordinal));
        foreach (var (word, positions) in expected)
        {
            Assert.Equal(positions, words.Positions[word]);
        }
    }

    [Fact]
    public void A_word_longer_than_any_before_is_cut_whole()
    {
        var longName = string.Concat(Enumerable.Repeat("Serenity", 100));
        var words = new WordPositions();
        words.Add(Entry("Short", "Group", null, null), 0);
        words.Add(Entry(longName, "Group", null, null), 1);

        Assert.Equal([1], words.Positions[longName.ToLowerInvariant()]);
        Assert.Equal([0, 1], words.Positions["group"]);
    }

    private static string RandomText(Random random, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => random.Next(20) == 0 ? "𝔸" : Alphabet[random.Next(Alphabet.Length)].ToString()));

    private static SearchEntry Entry(string name, string groupName, string? venueName, string? town) =>
        SearchEntries.Weekly(name, venueName is null ? null : SearchEntries.Venue(venueName, town), groupName);
}
