namespace Ghiseu.Features.Demo;

/// <summary>Realistic requests per category, in Romanian and English; {place} is filled in.</summary>
internal static class DemoTexts
{
    public sealed record Text(string Subject, string Body);

    public static readonly Dictionary<string, (Text[] Ro, Text[] En)> ByCategory = new()
    {
        ["passport"] = (
            [new("Programare pentru pașaport simplu electronic", "Bună ziua, doresc o programare pentru eliberarea unui pașaport simplu electronic. Pașaportul actual expiră luna viitoare. Locuiesc în {place}."),
             new("Pașaport pentru copil minor", "Am nevoie de pașaport pentru fiica mea de 4 ani. Ce acte sunt necesare și dacă trebuie să fie prezenți ambii părinți?"),
             new("Pașaport pierdut", "Mi-am pierdut pașaportul în {place}. Am făcut declarație la poliție. Cum pot obține unul nou?")],
            [new("Appointment for an electronic passport", "Hello, I would like an appointment to renew my passport, which expires next month. I live in {place}."),
             new("Passport for my child", "My son was born here in {place}; which documents do we need for his first Romanian passport?")]),
        ["travel-document"] = (
            [new("Titlu de călătorie urgent", "Mi-a fost furată geanta cu actele în {place} și am zbor spre București peste trei zile. Am nevoie de titlu de călătorie."),
             new("Document de călătorie pentru întoarcere în țară", "Buletinul mi-a expirat și trebuie să mă întorc în România pentru o înmormântare.")],
            [new("Emergency travel document", "My passport was stolen in {place} and my flight home is on Friday. What do I need to bring?")]),
        ["civil-status"] = (
            [new("Transcriere certificat de naștere", "Solicit transcrierea certificatului de naștere al copilului meu, născut în {place}. Atașez copia certificatului local apostilat."),
             new("Transcriere certificat de căsătorie", "Ne-am căsătorit în {place} și dorim transcrierea actului de căsătorie în registrele românești."),
             new("Stadiul dosarului de transcriere", "Am depus dosarul de transcriere acum două luni și nu am primit niciun răspuns. Vă rog să îmi spuneți stadiul.")],
            [new("Birth certificate transcription", "I would like to register my daughter's birth, which took place in {place}, with the Romanian civil registry."),
             new("Death certificate of a relative", "My father passed away in {place}. How do I transcribe the death certificate?")]),
        ["power-of-attorney"] = (
            [new("Procură pentru vânzarea unui apartament", "Doresc să dau procură fratelui meu pentru vânzarea apartamentului din Cluj-Napoca. Care este procedura și costul?"),
             new("Procură pentru ridicarea pensiei", "Am nevoie de o procură pentru ca mama mea să îmi poată ridica actele de la casa de pensii.")],
            [new("Power of attorney for a property sale", "I need to authorise my sister to sell land in Romania on my behalf. Can this be done at the consulate in {place}?")]),
        ["citizenship"] = (
            [new("Redobândirea cetățeniei române", "Bunicii mei au fost cetățeni români. Doresc informații despre redobândirea cetățeniei."),
             new("Depunere jurământ de credință", "Am primit ordinul de acordare a cetățeniei. Când pot depune jurământul la consulat?")],
            [new("Regaining Romanian citizenship", "My grandparents were Romanian citizens. Am I eligible to regain citizenship, and where do I apply?")]),
        ["emergency"] = (
            [new("Accident rutier — cetățean român spitalizat", "Fratele meu a avut un accident în {place} și este internat. Nu vorbește limba locală. Vă rog să ne ajutați."),
             new("Cetățean român fără adăpost după incendiu", "Apartamentul nostru din {place} a ars. Suntem o familie cu doi copii și am rămas fără acte și bani."),
             new("Persoană dispărută", "Nu mai am vești de la fiul meu de cinci zile. Ultima dată a fost văzut în {place}.")],
            [new("Romanian citizen hospitalised after an accident", "A Romanian tourist was injured in {place} and needs help contacting family."),
             new("Stranded at the airport", "We are stranded at the airport in {place} after our flight was cancelled and our documents were lost.")]),
        ["detained-citizen"] = (
            [new("Cetățean reținut de poliție", "Soțul meu a fost reținut ieri de poliția din {place}. Nu știm unde este și dacă are avocat."),
             new("Vizită consulară în penitenciar", "Solicit vizita unui reprezentant consular pentru fratele meu, arestat preventiv în {place}.")],
            [new("Romanian national arrested", "My cousin was arrested in {place} last night. We need information about consular assistance.")]),
        ["information"] = (
            [new("Program de lucru cu publicul", "Care este programul consulatului în perioada sărbătorilor?"),
             new("Legalizare documente pentru angajare", "Am nevoie de o copie legalizată a diplomei de bacalaureat pentru angajare în {place}. Cum procedez?"),
             new("Vot în străinătate", "Unde pot vota la alegerile prezidențiale dacă locuiesc în {place}?")],
            [new("Opening hours", "What are the opening hours of the consular section during the holidays?"),
             new("Voting abroad", "Where is the nearest polling station in {place} for the next election?")]),
        ["pothole"] = (
            [new("Groapă mare pe {place}", "Pe {place}, în dreptul numărului 12, este o groapă adâncă în carosabil. Mașinile o ocolesc pe contrasens."),
             new("Asfalt degradat după lucrări", "După lucrările la rețeaua de apă de pe {place}, asfaltul nu a fost refăcut. Sunt gropi pe toată lățimea străzii.")],
            [new("Pothole on {place}", "There is a deep pothole on {place} near the bus stop. A cyclist almost fell yesterday.")]),
        ["street-lighting"] = (
            [new("Stâlp de iluminat nefuncțional", "Pe {place} nu funcționează iluminatul public de o săptămână. Seara strada este complet întunecată."),
             new("Bec care pâlpâie", "Lampa din parcul de pe {place} pâlpâie toată noaptea.")],
            [new("Street light out on {place}", "Three street lights on {place} have been out since last week.")]),
        ["waste"] = (
            [new("Gunoi neridicat", "Containerele de pe {place} nu au fost golite de zece zile. Miroase foarte urât."),
             new("Depozitare ilegală de deșeuri", "Cineva a aruncat moloz și mobilă veche lângă {place}.")],
            [new("Bins not emptied", "The recycling bins on {place} have not been emptied for two weeks.")]),
        ["public-transport"] = (
            [new("Autobuzul nu respectă programul", "Autobuzul de pe linia 3 nu a mai trecut dimineața la ora 7:15 prin stația de pe {place}."),
             new("Stație fără adăpost", "Stația de pe {place} nu are copertină, iar bătrânii așteaptă în ploaie.")],
            [new("Bus skipped the stop", "The line 5 bus did not stop at {place} this morning.")]),
        ["noise"] = (
            [new("Zgomot noaptea de la un bar", "Barul de pe {place} are muzică tare după miezul nopții, în fiecare weekend."),
             new("Lucrări de construcții noaptea", "Pe șantierul de pe {place} se lucrează cu utilaje grele după ora 22.")],
            [new("Loud music at night", "A bar on {place} plays loud music until 3 a.m. every weekend.")]),
        ["parks"] = (
            [new("Bancă ruptă în parc", "În parcul de pe {place} sunt două bănci rupte și un leagăn defect."),
             new("Copaci uscați periculoși", "Pe {place} sunt doi copaci uscați care se pot prăbuși peste trotuar.")],
            [new("Broken playground", "The swings in the playground on {place} are broken.")]),
    };

    public static readonly Dictionary<string, string[]> Places = new()
    {
        ["IT"] = ["Roma", "Torino", "Bologna", "Napoli", "Padova"], ["ES"] = ["Madrid", "Castellón", "Valencia", "Alcalá de Henares"],
        ["DE"] = ["Berlin", "München", "Nürnberg", "Stuttgart"], ["GB"] = ["London", "Birmingham", "Manchester", "Leeds"],
        ["FR"] = ["Paris", "Lyon", "Marseille", "Lille"], ["BE"] = ["Bruxelles", "Anvers", "Liège"], ["AT"] = ["Wien", "Graz", "Linz"],
        ["US"] = ["Washington", "New York", "Chicago"], ["CA"] = ["Ottawa", "Toronto", "Montréal"], ["MD"] = ["Chișinău", "Bălți", "Cahul"],
        ["RO"] = ["strada Mihai Viteazul", "Bulevardul Transilvaniei", "strada Decebal", "strada Republicii", "Calea Moților", "strada Tudor Vladimirescu", "Bulevardul Revoluției 1989", "strada Cetății"],
    };

    public static readonly string[] Replies =
    [
        "Bună ziua, am primit solicitarea dumneavoastră și o analizăm. Vă vom contacta în cel mai scurt timp.",
        "Vă rugăm să ne transmiteți o copie a actului de identitate pentru a putea continua.",
        "Hello, thank you for your message. We have registered your request and will reply shortly.",
        "Echipa noastră a fost sesizată și va interveni în zilele următoare.",
    ];

    public static readonly string[] Notes =
    [
        "Am verificat în registru, dosarul este complet.", "Sunat cetățeanul, nu a răspuns. Revin mâine.",
        "Transmis către serviciul de specialitate.", "Checked with the duty officer; follow up on Monday.",
    ];
}
