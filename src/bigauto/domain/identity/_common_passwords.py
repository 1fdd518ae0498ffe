"""The most common passwords, lower case: the policy refuses these whatever their case.

Gathered from public leaked-password rankings (global and Indonesian). Kept as one
whitespace-separated block (none contains a space) so the list stays easy to read and extend.
"""

from __future__ import annotations

_WORDS = """
000000 0000000000 0123456789 0987654321 1111 111111 11111111 1111111111 11111111111 112233
1122334455 121212 1212121212 123123 123321 1234 12345 1234512345 1234554321 123456 1234567
12345678 123456789 1234567890 12345678910 123456789a 123456789abc 123456789q 1234qwer 1234qwerty
123654789 123789456 123asd 123qwe 123qweasd 123qweasdzxc 131313 1313131313 147258 147258369
147852 159357 159753 1597534862 1a2b3c4d 1a2b3c4d5e 1passw0rd 1password 1q2w3e 1q2w3e4r
1q2w3e4r5t 1q2w3e4r5t6y 1q2w3e4r5t6y7u8i9o0p 1qaz 1qaz2wsx 1qaz2wsx3edc 1qazxsw2 2000 2222222222
258456 2wsx 321654987 3333333333 3edc 4444444444 4rfv 555555 5555555555 654321 666666 6666666666
696969 741852963 7654321 777777 7777777 7777777777 789456123 87654321 8888888888 963852741
987654 987654321 9876543210 9999999999 a12345678 a123456789 a1b2c3d4e5 aa123456 aa12345678
aaaaaa aaaaaaaaaa abc123 abc12345 abc123456 abc1234567 abcd1234 abcd@1234 abcdefg abcdefgh
abcdefghij access adgjmptw admin admin123 admin@123 administrator amanda andrew angel angel123
angels anjing apple123 arsenal asd123456 asdasd asdasd123 asdasdasd asdf1234 asdfasdf asdfgh
asdfghjkl asdfghjkl1 asdfqwer ashley austin azerty azerty123 azertyuiop baby baby123 babyboy
babygirl banana bandung bandung123 barcelona baseball baseball1 baseball123 basketball
basketball1 batman batman123 bestfriend bismillah bismillah123 biteme blessed blessing brother
buster butterfly changeme changeme123 charlie charlie1 charlie123 cheese chelsea chelsea123
chocolate christ cinta123 cintaku computer computer1 computer123 contrasena contraseña cookie
cookies cristiano crystal daddy dallas daniel default devil diamond diamond1 dolphin dolphins
dragon dragon123 edc123 facebook facebook1 family family123 father flower flower123 football
football1 football12 football123 forever forever1 fortnite freedom freedom1 friend friends
garuda garuda123 george ginger ginger123 godisgood golden golf golfer google google123 hallo123
harley haslo haslo123 hello hello123 hello1234 helloworld hockey hockey123 hunter iloveu
iloveyou iloveyou1 iloveyou123 iloveyou2 indonesia indonesia1 indonesia123 instagram internet
iphone jakarta jakarta123 jennifer jessica jessica1 jesus jesus1 jesus123 jordan jordan23 joshua
juventus123 katasandi katasandi123 killer klaster kucing kucing123 letmein letmein1 letmein123
linkedin liverpool liverpool1 lkjhgfdsa login love lovegod lovelove lovely loveme loveyou
lozinka lucky lucky123 maggie manchester manutd master master123 matrix matthew merdeka
merdeka1945 merdeka45 messi10 michael michael1 michael23 michelle microsoft minecraft
minecraft123 mnbvcxz mobilemail mom mommy monitor monitoring monkey monkey1 monkey123 montana
moon moscow motdepasse mother mustang mypassword mypassword1 nicole nokia nothing orange
p@ssw0rd p@ssw0rd123 p@ssword pa$$w0rd parola parola123 pass passpass passw0rd passw0rd!
password password! password01 password1 password1! password12 password123 password1234 password2
passwordpassword passwort pepper pepper123 poiuytrewq pokemon pokemon123 princess princess1
princess123 purple q123456789 q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 qaz123 qazwsx qazwsxedc
qazwsxedcrfv qazxswedc qqqqqqqqqq qwe123456 qwe1234567 qweasd123 qweasdzxc qweqwe qweqweqwe
qwer1234 qwerasdf qwerty qwerty123 qwerty123! qwerty1234 qwertyu qwertyui qwertyuiop
qwertyuiop123 qwertyuiopasdfghjkl rahasia rahasia123 rainbow ranger realmadrid robert roblox123
ronaldo root salasana samsung samsung123 sayang sayang123 sayangkamu sayangku secret secret123
senha123 shadow shadow123 sifre sifre123 silver sister snoopy soccer soccer123 something
starwars starwars1 starwars123 summer sunflower sunshine sunshine1 superman superman1
superman123 surabaya surabaya123 taylor tennis thepassword thomas thunder tigger toor trustme
trustno1 trustno11 twitter wachtwoord welcome welcome1 welcome1! welcome123 whatever whatever1
windows windows10 wsx123 xsw2zaq1 yankees yellow yourpassword youtube ytrewq zaq12wsx zaq1xsw2
zaq1zaq1 zxc123456 zxcvasdf zxcvbn zxcvbnm zxcvbnm123 zxczxc zzzzzzzzzz
"""

COMMON_PASSWORDS: frozenset[str] = frozenset(_WORDS.split())

__all__ = ["COMMON_PASSWORDS"]
